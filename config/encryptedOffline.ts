/**
 * The value the offline plan gives a `secure:` key. Only the Pulumi CLI can decrypt such a value
 * (with the stack's secrets provider), and the offline plan runs without it, so the key is set
 * but its value unknown. It is handed to the program as a secret, like the decrypted value
 * `pulumi preview` would hand it, so every check sees the key as set; checks that need the
 * value itself say that it is unknown offline instead of judging this text.
 */
export const encryptedOffline = "[encrypted in the stack file: unknown to the offline plan]";
