/** jvirt client. */
package io.jvirt.client;
