/**
 * The authorization engine, pure Java with no Pekko: models in, tuples in, answers out. Errors
 * carry OpenFGA's numeric codes ({@link io.castellan.engine.ErrorCode}).
 */
package io.castellan.engine;
