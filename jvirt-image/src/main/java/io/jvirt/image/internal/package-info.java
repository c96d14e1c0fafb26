/** Engine internals shared by the format packages; not an API. */
package io.jvirt.image.internal;
