package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code <redirfilter>}: which USB devices may be redirected, as rules tried in order.
 *
 * @param rules the {@code <usbdev>} rules
 */
public record RedirFilterDef(List<Rule> rules) implements DeviceDef {

    /** Copies the list. */
    public RedirFilterDef {
        rules = Checks.list(rules);
    }

    /** Returns null: a filter is not a device on a bus. */
    @Override
    public Address address() {
        return null;
    }

    /**
     * One {@code <usbdev>} rule; a null field matches any value.
     *
     * @param usbClass the USB class code, 0 to 0xff, or null
     * @param vendor the vendor id, or null
     * @param product the product id, or null
     * @param version the device's USB version as {@code major.minor} (such as {@code 2.00}), or null
     * @param allow whether matching devices may be redirected
     */
    public record Rule(Integer usbClass, Integer vendor, Integer product, String version, boolean allow) {
        private static final Pattern VERSION = Pattern.compile("(\\d{1,2})\\.(\\d{1,2})");

        /** Validates the values and writes the version as libvirt does ({@code 1.1} is {@code 1.10}). */
        public Rule {
            Checks.range(usbClass, 0, 0xff, "The USB class code");
            Checks.range(vendor, 0, 0xffff, "The USB vendor id");
            Checks.range(product, 0, 0xffff, "The USB product id");
            if (version != null) {
                Matcher m = VERSION.matcher(version);
                if (!m.matches()) {
                    throw new ConfException(Kind.INVALID_VALUE, "The USB device version '" + Checks.printable(version)
                            + "' is not valid; write it as major.minor, such as 2.00.");
                }
                int minor = Integer.parseInt(m.group(2)) * (m.group(2).length() == 1 ? 10 : 1);
                version = Integer.parseInt(m.group(1)) + "." + String.format("%02d", minor);
            }
        }

        /** Returns the version as QEMU's filter wants it, such as {@code 0x0110} for 1.10, or null. */
        public Integer bcdVersion() {
            if (version == null) {
                return null;
            }
            String[] p = version.split("\\.");
            int major = Integer.parseInt(p[0]);
            int minor = Integer.parseInt(p[1]);
            return (major / 10) << 12 | (major % 10) << 8 | (minor / 10) << 4 | minor % 10;
        }
    }
}
