package io.castellan.cli;

/** A failure the CLI reports as one line on stderr, with its exit code. */
final class CliException extends RuntimeException {

  /** The server refused the request, or an assertion did not hold. */
  static final int FAILED = 1;

  /** The server cannot be reached. */
  static final int UNREACHABLE = 3;

  /** The credential was refused (401). */
  static final int UNAUTHENTICATED = 4;

  final int exitCode;

  CliException(String message, int exitCode) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  CliException(String message) {
    this(message, FAILED);
  }
}
