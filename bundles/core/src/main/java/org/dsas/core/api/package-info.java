/**
 * The contract every DSAS capability builds on: roles and the flags that
 * decide them, the one-view status of the box, JSON output for listings, and the
 * privileged helper (mounts) that the appliance, running as its own user, asks for what it may not do itself.
 */
@Export
@Version("0.4.0")
package org.dsas.core.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
