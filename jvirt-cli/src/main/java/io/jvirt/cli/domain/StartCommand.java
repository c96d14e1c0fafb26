package io.jvirt.cli.domain;

import io.jvirt.api.DomainInfo;
import io.jvirt.client.JvirtClient;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code jvirt start DOMAIN [--paused] [--force-boot] [--console]}. */
public final class StartCommand extends ActionCommand {
    private final Flag paused = flag("--paused", "Leave the guest paused after start.");
    private final Flag forceBoot = flag("--force-boot", "Boot afresh, discarding a managed save image.");
    private final Flag console = flag("--console", "Attach to the guest's serial console once it has started "
            + "(Ctrl+] detaches).");

    public StartCommand() {
        super("start", "Start a defined (inactive) domain.");
    }

    @Override
    Map<String, String> params() {
        Map<String, String> p = new LinkedHashMap<>();
        if (paused.get()) {
            p.put("paused", "true");
        }
        if (forceBoot.get()) {
            p.put("force-boot", "true");
        }
        return p;
    }

    @Override
    String action() {
        return "start";
    }

    @Override
    String done(String name) {
        return "Domain '" + name + "' started";
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        if (!console.get()) {
            return super.run(client);
        }
        DomainInfo info = client.action(domain(), action(), params());
        out().println(done(info.name()));
        out().flush();
        return ConsoleCommand.Attach.system(err()).run(client, info.name(), false);
    }
}
