package io.jvirt.qemu.qmp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Key codes as virsh's {@code send-key} takes them, turned into what QMP {@code send-key}
 * takes: QEMU's "qnum" numbers (XT scan codes, with 0x80 standing for the 0xe0 prefix).
 * The table ({@code keycodes.tsv}) comes from keycodemapdb, which QEMU and libvirt share.
 */
public final class KeyCodes {
    /** The code sets jvirt translates; virsh's names ({@code --codeset}). */
    public enum Codeset {
        /** Linux input key codes (virsh's default): names like {@code KEY_A} or numbers. */
        LINUX,
        /** QEMU's own numbers, passed through. */
        QNUM,
        /** The RFB (VNC) extended key codes, which are QEMU's numbers. */
        RFB;

        /** The codeset named {@code name} (case-insensitive), if jvirt has it. */
        public static Optional<Codeset> of(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "linux" -> Optional.of(LINUX);
                case "qnum" -> Optional.of(QNUM);
                case "rfb" -> Optional.of(RFB);
                default -> Optional.empty();
            };
        }
    }

    private static final KeyCodes TABLE = load();

    private final Map<String, Integer> linuxByName;
    private final Map<Integer, Integer> qnumByLinux;

    private KeyCodes(Map<String, Integer> linuxByName, Map<Integer, Integer> qnumByLinux) {
        this.linuxByName = linuxByName;
        this.qnumByLinux = qnumByLinux;
    }

    /**
     * QEMU's number of one key as virsh's user wrote it: a name of the codeset or a number
     * (decimal, or hexadecimal with 0x).
     *
     * @return empty when the key has no name or no QEMU number in that codeset
     */
    public static Optional<Integer> qnum(Codeset codeset, String key) {
        Integer number = number(key);
        return switch (codeset) {
            case LINUX -> {
                Integer linux = number != null ? number : TABLE.linuxByName.get(key.toUpperCase(Locale.ROOT));
                yield linux == null ? Optional.empty() : Optional.ofNullable(TABLE.qnumByLinux.get(linux));
            }
            case QNUM, RFB -> number == null || number <= 0 || number > 0xff ? Optional.empty() : Optional.of(number);
        };
    }

    private static Integer number(String key) {
        try {
            return key.startsWith("0x") || key.startsWith("0X") ? Integer.parseInt(key.substring(2), 16)
                    : Integer.parseInt(key);
        } catch (NumberFormatException notNumber) {
            return null;
        }
    }

    private static KeyCodes load() {
        Map<String, Integer> byName = new HashMap<>();
        Map<Integer, Integer> qnums = new HashMap<>();
        try (InputStream in = KeyCodes.class.getResourceAsStream("keycodes.tsv")) {
            if (in == null) {
                throw new IllegalStateException("the key code table keycodes.tsv is missing from jvirt-qemu.");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                int linux = Integer.parseInt(f[1]);
                byName.put(f[0], linux);
                qnums.putIfAbsent(linux, Integer.parseInt(f[2]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new KeyCodes(Map.copyOf(byName), Map.copyOf(qnums));
    }
}
