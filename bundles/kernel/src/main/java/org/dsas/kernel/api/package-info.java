/**
 * The kernel seam: what DSAS capabilities ask of Linux networking (raw IP and
 * packet sockets, interface addresses over rtnetlink, generic netlink families). Capabilities depend on
 * these interfaces only; the JNA implementation is private to this bundle and
 * tested once against the real kernel.
 */
@Export
@Version("0.2.0")
package org.dsas.kernel.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
