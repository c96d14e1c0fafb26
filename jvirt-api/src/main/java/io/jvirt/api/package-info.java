/** jvirt api. */
package io.jvirt.api;
