/** jvirt conf. */
package io.jvirt.conf;
