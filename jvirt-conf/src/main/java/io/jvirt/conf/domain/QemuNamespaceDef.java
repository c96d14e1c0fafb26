package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The elements of libvirt's QEMU namespace ({@code xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'}):
 * raw command-line arguments and environment, libvirt's capability overrides, device property
 * overrides and QEMU's deprecation behaviour. Arguments, environment and overrides reach QEMU as
 * given and taint the running domain, as in libvirt.
 *
 * @param args the {@code <qemu:commandline><qemu:arg value>}s, appended to QEMU's command line
 * @param env the {@code <qemu:env>}s, added to QEMU's environment
 * @param capsAdd the {@code <qemu:capabilities><qemu:add capability>}s (libvirt's own switches)
 * @param capsDel the {@code <qemu:del capability>}s
 * @param overrides the {@code <qemu:override><qemu:device>}s
 * @param deprecation the {@code <qemu:deprecation behavior>}, or null
 */
public record QemuNamespaceDef(List<String> args, List<Env> env, List<String> capsAdd, List<String> capsDel,
                               List<DeviceOverride> overrides, Deprecation deprecation) {

    /** The namespace URI. */
    public static final String URI = "http://libvirt.org/schemas/domain/qemu/1.0";

    /** Nothing in the namespace. */
    public static final QemuNamespaceDef NONE = new QemuNamespaceDef(List.of(), List.of(), List.of(), List.of(),
            List.of(), null);

    /** Copies the lists. */
    public QemuNamespaceDef {
        args = List.copyOf(args);
        env = List.copyOf(env);
        capsAdd = List.copyOf(capsAdd);
        capsDel = List.copyOf(capsDel);
        overrides = List.copyOf(overrides);
        for (String a : args) {
            Checks.noControl(a, "A <qemu:arg> value");
        }
    }

    /** Returns whether nothing is set. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    /**
     * A {@code <qemu:env name value>}.
     *
     * @param name the variable, letters, digits and '_' not starting with a digit
     * @param value its value, or null for the empty string
     */
    public record Env(String name, String value) {
        private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

        /** Validates the name, as libvirt's schema does. */
        public Env {
            Checks.required(name, "The <qemu:env> name");
            if (!NAME.matcher(name).matches()) {
                throw new ConfException(Kind.INVALID_VALUE, "The <qemu:env> name '" + Checks.printable(name)
                        + "' is not valid; use letters, digits and '_', not starting with a digit.");
            }
            Checks.noControl(value, "The <qemu:env> value");
        }
    }

    /**
     * A {@code <qemu:device alias>} with frontend property overrides.
     *
     * @param alias the user alias of the device
     * @param properties its {@code <qemu:frontend><qemu:property>}s, in order
     */
    public record DeviceOverride(String alias, List<Property> properties) {
        /** Copies the list. */
        public DeviceOverride {
            Checks.required(alias, "The <qemu:device> alias");
            properties = List.copyOf(properties);
        }
    }

    /**
     * A {@code <qemu:property name type value>}.
     *
     * @param name the QEMU property
     * @param type how the value is typed; remove drops the property
     * @param value the value, null for remove
     */
    public record Property(String name, PropertyType type, String value) {
        /** Validates the value against the type. */
        public Property {
            Checks.required(name, "The <qemu:property> name");
            Checks.required(type, "The <qemu:property> type");
            if (type != PropertyType.REMOVE && value == null) {
                throw new ConfException(Kind.MISSING_VALUE, "The <qemu:property> '" + name + "' needs a value.");
            }
            if (type == PropertyType.BOOL && !value.equals("true") && !value.equals("false")) {
                throw new ConfException(Kind.INVALID_VALUE, "The bool <qemu:property> '" + name
                        + "' must be true or false.");
            }
            if ((type == PropertyType.SIGNED || type == PropertyType.UNSIGNED)
                    && !value.matches(type == PropertyType.SIGNED ? "-?[0-9]+" : "[0-9]+")) {
                throw new ConfException(Kind.INVALID_VALUE, "The " + type.xml() + " <qemu:property> '" + name
                        + "' has the value '" + Checks.printable(value) + "', which is not a number of that kind.");
            }
        }
    }

    /** The {@code type} of a property override. */
    public enum PropertyType implements XmlEnum {
        /** A string. */
        STRING("string"),
        /** A signed integer. */
        SIGNED("signed"),
        /** An unsigned integer. */
        UNSIGNED("unsigned"),
        /** true or false. */
        BOOL("bool"),
        /** Drops the property libvirt (here: jvirt) would set. */
        REMOVE("remove");

        private final String xml;

        PropertyType(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** The {@code behavior} of {@code <qemu:deprecation>}: QEMU's {@code -compat}. */
    public enum Deprecation implements XmlEnum {
        /** QEMU's default. */
        NONE("none"),
        /** Deprecated output is hidden. */
        OMIT("omit"),
        /** Deprecated input is rejected, output hidden. */
        REJECT("reject"),
        /** QEMU crashes on deprecated input. */
        CRASH("crash");

        private final String xml;

        Deprecation(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
