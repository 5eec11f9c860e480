/**
 * The authorization engine, pure Java with no Pekko: models in, tuples in, answers out. Errors
 * carry the house's one error code ({@link io.castellan.protocol.ErrorCode}), with OpenFGA's
 * numbers.
 */
package io.castellan.engine;
