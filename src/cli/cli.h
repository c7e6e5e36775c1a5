/*
 * cli: the command line. Turns argv into options, runs one command (load,
 * validate, plan, write) and returns the process exit status; printing
 * diagnostics is its job, exiting is main()'s.
 */
#ifndef DG_CLI_CLI_H
#define DG_CLI_CLI_H

#define DATAGEN_VERSION "0.1.0"

/* Runs the command named in argv; returns the exit status (0 success,
 * 1 runtime failure, 2 bad usage or invalid schema). */
int cli_main(int argc, char **argv);

#endif
