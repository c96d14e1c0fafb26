package io.jvirt.conf.common;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Validation helpers shared by the definition records of every package. Each check throws a
 * {@link ConfException} with a whole-sentence message that starts with the caller's noun
 * ({@code what}), such as "The bridge name".
 */
public final class ConfChecks {

    private static final Pattern PATH = Pattern.compile("/[^\\p{Cntrl}]*");
    private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9_.:-]{1,15}");
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    private static final Pattern DNS_LABEL = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");

    private ConfChecks() {
    }

    /**
     * Requires a value.
     *
     * @param value the value
     * @param what the noun for the message, such as "The interface type"
     * @param <T> the value type
     * @return the value
     */
    public static <T> T required(T value, String what) {
        if (value == null) {
            throw new ConfException(Kind.MISSING_VALUE, what + " is required.");
        }
        return value;
    }

    /**
     * Copies a list, treating null as empty.
     *
     * @param value the list, or null
     * @param <T> the element type
     * @return an unmodifiable copy
     */
    public static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }

    /**
     * Checks an optional number against a range.
     *
     * @param value the number, or null
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @param what the noun for the message
     * @return the value
     */
    public static Integer range(Integer value, int min, int max, String what) {
        if (value != null && (value < min || value > max)) {
            throw new ConfException(Kind.INVALID_VALUE,
                    what + " " + value + " is out of range; it must be from " + min + " to " + max + ".");
        }
        return value;
    }

    /**
     * Checks an absolute path without control characters.
     *
     * @param value the path, or null
     * @param what the noun for the message, such as "The disk source"
     * @return the value
     */
    public static String path(String value, String what) {
        if (value != null && !PATH.matcher(value).matches()) {
            throw new ConfException(Kind.INVALID_VALUE,
                    what + " '" + printable(value) + "' must be an absolute path without control characters.");
        }
        return value;
    }

    /**
     * Refuses control characters other than newline, tab and carriage return.
     *
     * @param value the text, or null
     * @param what the noun for the message
     * @return the value
     */
    public static String noControl(String value, String what) {
        if (value != null) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\r') {
                    throw new ConfException(Kind.INVALID_VALUE, what + " must not contain control characters.");
                }
            }
        }
        return value;
    }

    /**
     * Checks a network interface name as Linux accepts it: 1 to 15 letters, digits, '_', '.',
     * ':' or '-', and not '.' or '..'.
     *
     * @param name the name, or null
     * @param what the noun for the message, such as "The bridge name"
     * @return the name
     */
    public static String ifname(String name, String what) {
        if (name != null && (!IFNAME.matcher(name).matches() || name.equals(".") || name.equals(".."))) {
            throw new ConfException(Kind.INVALID_VALUE, what + " '" + printable(name)
                    + "' is not a valid interface name; use 1 to 15 letters, digits, '_', '.', ':' or '-'.");
        }
        return name;
    }

    /**
     * Checks a port group name: 1 to 200 characters without control characters.
     *
     * @param name the name, or null
     * @return the name
     */
    public static String portgroupName(String name) {
        if (name != null && (name.isEmpty() || name.length() > 200 || name.chars().anyMatch(Character::isISOControl))) {
            throw new ConfException(Kind.INVALID_VALUE, "The port group name '" + printable(name)
                    + "' is not valid; it must be 1 to 200 characters without control characters.");
        }
        return name;
    }

    /**
     * Checks a unicast MAC address and returns it in lower case.
     *
     * @param mac the address, such as {@code 52:54:00:AB:CD:EF}
     * @return the address in lower case
     */
    public static String unicastMac(String mac) {
        String m = mac.toLowerCase(Locale.ROOT);
        if (!MAC.matcher(m).matches()) {
            throw new ConfException(Kind.INVALID_VALUE, "The MAC address '" + printable(m)
                    + "' is not valid; write six hex byte pairs separated by colons, such as 52:54:00:12:34:56.");
        }
        if ((Integer.parseInt(m.substring(0, 2), 16) & 1) != 0) {
            throw new ConfException(Kind.INVALID_VALUE,
                    "The MAC address '" + m + "' is a multicast address; a network card needs a unicast one.");
        }
        if (m.equals("00:00:00:00:00:00")) {
            throw new ConfException(Kind.INVALID_VALUE, "The MAC address 00:00:00:00:00:00 is not allowed.");
        }
        return m;
    }

    /**
     * Generates a MAC in QEMU's locally administered range 52:54:00:xx:xx:xx.
     *
     * @param random the random source
     * @return the address
     */
    public static String randomMac(RandomGenerator random) {
        byte[] tail = new byte[3];
        for (int i = 0; i < tail.length; i++) {
            tail[i] = (byte) random.nextInt(256);
        }
        return "52:54:00:" + HexFormat.ofDelimiter(":").formatHex(tail);
    }

    /**
     * Checks a DNS name: dot-separated labels of letters, digits, '-' and '_', each at most 63
     * characters and not starting or ending with '-', at most 253 characters in all; one
     * trailing dot is allowed.
     *
     * @param name the name, or null
     * @param what the noun for the message, such as "The DHCP host name"
     * @return the name
     */
    public static String dnsName(String name, String what) {
        if (name == null) {
            return null;
        }
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        boolean ok = !n.isEmpty() && n.length() <= 253;
        if (ok) {
            for (String label : n.split("\\.", -1)) {
                if (!DNS_LABEL.matcher(label).matches()) {
                    ok = false;
                    break;
                }
            }
        }
        if (!ok) {
            throw new ConfException(Kind.INVALID_VALUE, what + " '" + printable(name) + "' is not a valid DNS name; "
                    + "use labels of letters, digits, '-' and '_' separated by dots.");
        }
        return name;
    }

    /**
     * Returns text with control characters shown as {@code \xNN}, for quoting in messages.
     *
     * @param s the text
     * @return the printable text
     */
    public static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
