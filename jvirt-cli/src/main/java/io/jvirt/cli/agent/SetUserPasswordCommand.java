package io.jvirt.cli.agent;

import io.jvirt.client.AgentClient;

import java.util.Map;

/**
 * {@code jvirt set-user-password DOMAIN [--user] USER [--password] PASSWORD [--encrypted]}:
 * sets a guest user's password through the guest agent; with {@code --encrypted} the password
 * is already a crypt(3) hash.
 */
public final class SetUserPasswordCommand extends AgentVerb {
    private final Value<String> userOption = option("--user", "USER", "The guest user.");
    private final Value<String> passwordOption = option("--password", "PASSWORD", "The new password.");
    private final Value<String> userWord = optionalParameter("USER", String.class, "The guest user.");
    private final Value<String> passwordWord = optionalParameter("PASSWORD", String.class, "The new password.");
    private final Flag encrypted = flag("--encrypted", "The password is already encrypted (a crypt(3) hash).");

    public SetUserPasswordCommand() {
        super("set-user-password", "Set a guest user's password (via the guest agent).");
    }

    @Override
    protected int run(AgentClient client) throws Exception {
        String user = one(userOption.get(), userWord.get(), "user");
        String password = one(passwordOption.get(), passwordWord.get(), "password");
        client.setUserPassword(domain.get(), user, password, encrypted.get());
        if (json()) {
            printJson(Map.of("user", user, "encrypted", encrypted.get()));
        } else {
            text("Password set successfully for " + user + " in " + domain.get());
        }
        return 0;
    }

    private String one(String option, String word, String what) {
        if (option != null && word != null) {
            throw bad("the " + what + " is given twice; give it as --" + what + " or as a word, once.");
        }
        String v = option != null ? option : word;
        if (v == null) {
            throw bad("command 'set-user-password' requires <" + what + "> option");
        }
        return v;
    }
}
