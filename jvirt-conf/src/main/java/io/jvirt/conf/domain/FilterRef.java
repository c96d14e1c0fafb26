package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.util.List;

/**
 * The {@code <filterref>} of an interface: libvirt's nwfilter rule set to apply to its traffic.
 * jvirt has no nwfilter driver: it keeps the reference in the definition and applies no filter
 * (documented; {@code dominfo} says so).
 *
 * @param filter the filter name
 * @param parameters the {@code <parameter name value>} children, in document order
 */
public record FilterRef(String filter, List<Parameter> parameters) {

    /** Validates the name. */
    public FilterRef {
        Checks.required(filter, "The filterref filter");
        if (filter.isEmpty()) {
            throw new ConfException(Kind.INVALID_VALUE, "The filterref filter name must not be empty.");
        }
        Checks.noControl(filter, "The filterref filter");
        parameters = List.copyOf(parameters);
    }

    /**
     * One {@code <parameter>}.
     *
     * @param name the variable
     * @param value its value
     */
    public record Parameter(String name, String value) {
        /** Validates the values. */
        public Parameter {
            Checks.required(name, "The filterref parameter name");
            Checks.required(value, "The filterref parameter value");
            Checks.noControl(value, "The filterref parameter value");
        }
    }
}
