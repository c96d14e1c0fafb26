package io.jvirt.cli.install;

/**
 * How {@code jvirt install} runs its plan, as virt-install's options say.
 *
 * @param autoconsole {@code text}, {@code graphical} or {@code none} (what {@code --noautoconsole} gives)
 * @param waitMinutes {@code --wait}: minutes to wait for the install boot to end; -1 waits for ever, null
 *     when not given (then the console decides)
 * @param noReboot {@code --noreboot}: do not boot the installed guest after the install boot
 * @param printXml {@code --print-xml [STEP]}: print the documents and stop; 0 for every step
 * @param dryRun {@code --dry-run}: make and check the plan, change nothing
 * @param quiet {@code --quiet}: print only errors
 * @param checkDiskSize whether the pools' free space is checked ({@code --check disk_size=off} turns it off)
 */
public record RunOptions(String autoconsole, Integer waitMinutes, boolean noReboot, Integer printXml, boolean dryRun,
                         boolean quiet, boolean checkDiskSize) {
}
