/** What every DSAS shell command shares: {@code --json} output and one-line errors. */
@Export
@Version("0.2.0")
package org.dsas.core.shell;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
