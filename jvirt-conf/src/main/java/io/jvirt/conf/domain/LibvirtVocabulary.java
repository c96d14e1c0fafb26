package io.jvirt.conf.domain;

import io.jvirt.conf.xml.Vocabulary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names libvirt's domain format knows: for each element name, the child elements and
 * attributes libvirt's schema allows under an element of that name in any context. It is
 * generated from libvirt's schemas by {@code scripts/libvirt-vocabulary.py} and used only to
 * word errors, never to accept anything the model does not read.
 */
final class LibvirtVocabulary implements Vocabulary {

    /** The domain format of libvirt 9.0. */
    static final LibvirtVocabulary DOMAIN = load("libvirt-domain-vocabulary.txt");

    private final Map<String, List<String>> children;
    private final Map<String, List<String>> attributes;

    private LibvirtVocabulary(Map<String, List<String>> children, Map<String, List<String>> attributes) {
        this.children = children;
        this.attributes = attributes;
    }

    private static LibvirtVocabulary load(String resource) {
        Map<String, List<String>> children = new HashMap<>();
        Map<String, List<String>> attributes = new HashMap<>();
        try (InputStream in = LibvirtVocabulary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The resource " + resource + " is missing from jvirt-conf.");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(':');
                int bar = line.indexOf('|');
                String name = line.substring(0, colon).strip();
                children.put(name, words(line.substring(colon + 1, bar)));
                attributes.put(name, words(line.substring(bar + 1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LibvirtVocabulary(Map.copyOf(children), Map.copyOf(attributes));
    }

    private static List<String> words(String s) {
        String t = s.strip();
        return t.isEmpty() ? List.of() : List.copyOf(Arrays.asList(t.split("\\s+")));
    }

    @Override
    public boolean knowsChild(String parent, String child) {
        return children(parent).contains(child);
    }

    @Override
    public boolean knowsAttribute(String element, String attribute) {
        return attributes(element).contains(attribute);
    }

    @Override
    public List<String> children(String parent) {
        return children.getOrDefault(parent, List.of());
    }

    @Override
    public List<String> attributes(String element) {
        return attributes.getOrDefault(element, List.of());
    }

    @Override
    public String format() {
        return "libvirt";
    }
}
