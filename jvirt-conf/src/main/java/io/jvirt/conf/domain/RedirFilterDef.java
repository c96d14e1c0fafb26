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
     * One {@code <usbdev>} rule; a field that is null (not given) or -1 matches any value.
     *
     * @param usbClass the USB class code, 0 to 0xff, or -1 or null
     * @param vendor the vendor id, or -1 or null
     * @param product the product id, or -1 or null
     * @param version the device's USB version as written, {@code major.minor} (such as {@code 2.00};
     *     {@code 1.1} means 1.10), or {@code -1} or null
     * @param allow whether matching devices may be redirected
     */
    public record Rule(Integer usbClass, Integer vendor, Integer product, String version, boolean allow) {
        private static final Pattern VERSION = Pattern.compile("(\\d{1,2})\\.(\\d{1,2})");

        /** Validates the values. */
        public Rule {
            any(usbClass, 0xff, "The USB class code");
            any(vendor, 0xffff, "The USB vendor id");
            any(product, 0xffff, "The USB product id");
            if (version != null && !version.equals("-1") && !VERSION.matcher(version).matches()) {
                throw new ConfException(Kind.INVALID_VALUE, "The USB device version '" + Checks.printable(version)
                        + "' is not valid; write it as major.minor, such as 2.00.");
            }
        }

        private static void any(Integer value, int max, String what) {
            if (value != null && value != -1) {
                Checks.range(value, 0, max, what);
            }
        }

        /** Returns the version in binary-coded decimal as QEMU's filter wants it ({@code 0x0110} for 1.10), or null for any. */
        public Integer bcdVersion() {
            if (version == null || version.equals("-1")) {
                return null;
            }
            Matcher m = VERSION.matcher(version);
            if (!m.matches()) {
                throw new IllegalStateException("validated version " + version);
            }
            int major = Integer.parseInt(m.group(1));
            int minor = Integer.parseInt(m.group(2)) * (m.group(2).length() == 1 ? 10 : 1);
            return (major / 10) << 12 | (major % 10) << 8 | (minor / 10) << 4 | minor % 10;
        }
    }
}
