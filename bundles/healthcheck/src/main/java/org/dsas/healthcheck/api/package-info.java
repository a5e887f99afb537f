/**
 * The health-check capability's contract: the checks running on this box as
 * the shell and other capabilities see them, and the events they post.
 */
@Export
@Version("0.1.0")
package org.dsas.healthcheck.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
