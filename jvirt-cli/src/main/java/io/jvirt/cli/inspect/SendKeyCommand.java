package io.jvirt.cli.inspect;

import io.jvirt.api.SendKeyRequest;
import io.jvirt.client.InspectClient;

import java.util.List;
import java.util.Map;

/** {@code jvirt send-key DOMAIN [--codeset SET] [--holdtime MS] KEYCODE...}: presses keys together in the guest. */
public final class SendKeyCommand extends InspectVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Value<String> codeset = option("--codeset", "SET",
            "The key code set: linux (the default: KEY_A or 30), qnum or rfb (QEMU's numbers).");
    private final Value<Integer> holdtime = option("--holdtime", "MS", Integer.class,
            "How long the keys stay pressed, in milliseconds.");
    private final Value<List<String>> keys = parameters("KEYCODE", String.class, "1..*",
            "Key names or numbers of the code set, pressed together.");

    public SendKeyCommand() {
        super("send-key", "Send keystrokes to a running domain.");
    }

    @Override
    protected int run(InspectClient client) throws Exception {
        int hold = holdtime.given() ? holdtime.get() : 0;
        if (hold < 0) {
            throw bad("invalid value of --holdtime");
        }
        SendKeyRequest r = new SendKeyRequest(codeset.given() ? codeset.get() : "linux", hold, keys.get());
        client.sendKey(domain.get(), r);
        if (json()) {
            printJson(Map.of("sent", r.keys()));
            return 0;
        }
        text("");
        return 0;
    }
}
