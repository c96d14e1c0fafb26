package io.jvirt.api;

/**
 * A new password for a guest user ({@code set-user-password}).
 *
 * @param user the guest user's name
 * @param password the password, or with {@code encrypted} its crypt(3) hash
 * @param encrypted whether the password is already hashed
 */
public record GuestPasswordRequest(String user, String password, boolean encrypted) {
}
