package io.jvirt.cli.inspect;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;

/** libvirt's pretty JSON: two spaces per level, "key": value, arrays one element a line. */
public final class VirshJsonPrinter extends DefaultPrettyPrinter {
    public VirshJsonPrinter() {
        DefaultIndenter twoSpaces = new DefaultIndenter("  ", "\n");
        indentObjectsWith(twoSpaces);
        indentArraysWith(twoSpaces);
        _objectFieldValueSeparatorWithSpaces = ": ";
    }

    @Override
    public DefaultPrettyPrinter createInstance() {
        return new VirshJsonPrinter();
    }
}
