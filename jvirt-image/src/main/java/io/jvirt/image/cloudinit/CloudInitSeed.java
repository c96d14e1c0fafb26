package io.jvirt.image.cloudinit;

/**
 * Makes a NoCloud seed's contents from {@code --cloud-init} options as virt-install 4.1 does: given
 * user-data, meta-data and network-config files are taken as they are; otherwise the user-data is
 * a {@code #cloud-config} document with a {@code chpasswd} list for root (a generated password
 * expires at first login, one from a file does not), {@code users} with root's and the default
 * user's SSH keys, and a {@code runcmd} that disables cloud-init after the first boot.
 */
public final class CloudInitSeed {
    private CloudInitSeed() {
    }

    /** The plan with the host's files and a random password. */
    public static SeedPlan plan(CloudInitOptions options) {
        return plan(options, SeedInputs.host());
    }

    /**
     * The seed's contents.
     *
     * @param o the options
     * @param in where file contents and a new password come from
     * @return the plan
     */
    public static SeedPlan plan(CloudInitOptions o, SeedInputs in) {
        String generated = o.rootPasswordGenerate() ? in.newPassword() : null;
        String userData = o.userData() != null ? in.read(o.userData()) : cloudConfig(o, in, generated);
        String metaData = o.metaData() != null ? in.read(o.metaData()) : "";
        String network = o.networkConfig() != null ? in.read(o.networkConfig()) : null;
        if (network != null && network.isEmpty()) {
            network = null; // virt-install leaves an empty network-config out
        }
        return new SeedPlan(userData, metaData, network, generated);
    }

    private static String cloudConfig(CloudInitOptions o, SeedInputs in, String generated) {
        StringBuilder b = new StringBuilder("#cloud-config\n");
        if (generated != null || o.rootPasswordFile() != null) {
            String password = o.rootPasswordFile() != null ? firstLine(in.read(o.rootPasswordFile())) : generated;
            b.append("chpasswd:\n  list: |\n    root:").append(password).append('\n');
            b.append(generated != null ? "  expire: True\n" : "  expire: False\n");
        }
        String rootKey = o.rootSshKey() == null ? null : firstLine(in.read(o.rootSshKey()));
        String userKey = o.clouduserSshKey() == null ? null : firstLine(in.read(o.clouduserSshKey()));
        if (o.rootSshKey() != null || o.clouduserSshKey() != null) {
            b.append("users:\n");
            if (rootKey != null && !rootKey.isEmpty()) {
                b.append("  - name: root\n    ssh-authorized-keys:\n      - ").append(rootKey).append('\n');
            }
            if (userKey != null && !userKey.isEmpty()) {
                b.append("  - ssh-authorized-keys: ").append(userKey).append('\n');
            }
        }
        if (o.disable()) {
            b.append("runcmd:\n- echo \"Disabled by virt-install\" > /etc/cloud/cloud-init.disabled\n");
        }
        return b.toString();
    }

    /** The first line without its line end, as virt-install reads passwords and keys. */
    static String firstLine(String text) {
        int nl = text.indexOf('\n');
        String line = nl < 0 ? text : text.substring(0, nl + 1);
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
            end--;
        }
        return line.substring(0, end);
    }
}
