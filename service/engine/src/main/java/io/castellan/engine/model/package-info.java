/**
 * Authorization models: the OpenFGA DSL and JSON parsed and validated (through
 * dev.openfga:openfga-language) and compiled into a form the queries walk quickly.
 */
package io.castellan.engine.model;
