/** The command line was wrong: the message is shown with the usage text (exit code 2). */
export class UsageError extends Error {}

/** The command ran but could not do its job: the message alone is shown (exit code 1). */
export class CommandError extends Error {}
