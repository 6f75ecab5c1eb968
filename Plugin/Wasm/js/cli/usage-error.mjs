// A wrong command line: the message says which option and why (the native CLI's UsageError).
export class UsageError extends Error {}

// A profile that cannot be used (the native CLI's "profile error: ...").
export class ProfileError extends Error {}
