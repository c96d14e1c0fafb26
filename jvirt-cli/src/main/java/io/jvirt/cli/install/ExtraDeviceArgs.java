package io.jvirt.cli.install;

import java.util.List;

/**
 * More of virt-install's options of one {@code jvirt install} command line, as given (each value
 * unparsed): devices and domain settings that few guests use. Part of {@link InstallArgs}.
 *
 * @param panics {@code --panic}
 * @param vsocks {@code --vsock}
 * @param iommus {@code --iommu}
 * @param parallels {@code --parallel}
 * @param smartcards {@code --smartcard}
 * @param redirdevs {@code --redirdev}
 * @param shmems {@code --shmem}
 * @param audios {@code --audio}
 * @param pm {@code --pm}
 * @param resource {@code --resource}
 * @param seclabels {@code --seclabel}
 * @param launchSecurity {@code --launchSecurity}
 */
public record ExtraDeviceArgs(List<String> panics, List<String> vsocks, List<String> iommus, List<String> parallels,
                              List<String> smartcards, List<String> redirdevs, List<String> shmems,
                              List<String> audios, List<String> pm, List<String> resource, List<String> seclabels,
                              List<String> launchSecurity) {

    /** None of these options. */
    public static final ExtraDeviceArgs NONE = new ExtraDeviceArgs(null, null, null, null, null, null, null, null,
            null, null, null, null);

    /** Replaces missing lists with empty ones. */
    public ExtraDeviceArgs {
        panics = list(panics);
        vsocks = list(vsocks);
        iommus = list(iommus);
        parallels = list(parallels);
        smartcards = list(smartcards);
        redirdevs = list(redirdevs);
        shmems = list(shmems);
        audios = list(audios);
        pm = list(pm);
        resource = list(resource);
        seclabels = list(seclabels);
        launchSecurity = list(launchSecurity);
    }

    private static List<String> list(List<String> l) {
        return l == null ? List.of() : List.copyOf(l);
    }
}
