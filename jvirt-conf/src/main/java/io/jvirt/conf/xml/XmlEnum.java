package io.jvirt.conf.xml;

import java.util.Arrays;
import java.util.stream.Collectors;

/** An enum whose constants have a fixed spelling in XML. */
public interface XmlEnum {

    /** Returns the spelling of this constant in XML. */
    String xml();

    /**
     * Looks up the constant spelled {@code value}.
     *
     * @param type the enum class
     * @param value the XML spelling
     * @param <E> the enum type
     * @return the constant, or null when none is spelled that way
     */
    static <E extends Enum<E> & XmlEnum> E fromXml(Class<E> type, String value) {
        for (E e : type.getEnumConstants()) {
            if (e.xml().equals(value)) {
                return e;
            }
        }
        return null;
    }

    /**
     * Returns the allowed spellings, comma separated, for error messages.
     *
     * @param type the enum class
     * @return for example {@code "kvm, qemu"}
     */
    static String allowed(Class<? extends XmlEnum> type) {
        return Arrays.stream(type.getEnumConstants()).map(XmlEnum::xml).collect(Collectors.joining(", "));
    }
}
