/** keepalived.conf as a tree of keywords, for the importers of the lb, healthcheck and vrrp capabilities. */
@Export
@Version("0.1.0")
package org.dsas.keepalived.conf;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
