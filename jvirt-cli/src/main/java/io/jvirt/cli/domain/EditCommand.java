package io.jvirt.cli.domain;

import io.jvirt.api.DomainInfo;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.cli.support.XmlEditor;
import io.jvirt.client.JvirtClient;

/**
 * {@code jvirt edit DOMAIN}: opens the persistent definition in {@code $VISUAL}/{@code $EDITOR}
 * (default vi), and redefines the domain when the file changed. An invalid edit is refused
 * by the daemon's validation, the definition stays as it was, and the edited file is kept
 * so no work is lost. Like virsh edit, it edits the definition with its secrets (the VNC
 * password): the redefinition replaces the whole document, and one shown without them would
 * drop them.
 */
public final class EditCommand extends ClientVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");

    public EditCommand() {
        super("edit", "Edit a domain's XML in $EDITOR and redefine it.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        String domain = this.domain.get();
        return switch (XmlEditor.fromEnvironment().edit(client.xml(domain, true, true), client::define)) {
            case XmlEditor.Unchanged<DomainInfo> u ->
                    report(client.info(domain), "Domain '" + domain + "' XML configuration not changed.");
            case XmlEditor.Changed<DomainInfo> c ->
                    report(c.value(), "Domain '" + c.value().name() + "' XML configuration edited.");
        };
    }
}
