/** VRRP as other capabilities and the shell see it: instances, their state, the mastership veto hook, events. */
@Export
@Version("0.2.0")
package org.dsas.vrrp.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
