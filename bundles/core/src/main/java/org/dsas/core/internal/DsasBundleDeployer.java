package org.dsas.core.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.apache.felix.fileinstall.ArtifactInstaller;
import org.apache.felix.fileinstall.ArtifactListener;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot deploy: a DSAS bundle dropped into {@code deploy/} replaces the running
 * bundle of the same symbolic name in place (update, then refresh of that
 * bundle and whatever is wired to it), instead of installing a second copy
 * beside it. Bundles of other roles are not touched.
 */
@Component(service = {ArtifactInstaller.class, ArtifactListener.class})
public class DsasBundleDeployer implements ArtifactInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(DsasBundleDeployer.class);
    private BundleContext context;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    @Override
    public boolean canHandle(File artifact) {
        if (!artifact.getName().endsWith(".jar")) {
            return false;
        }
        String bsn = symbolicName(artifact);
        return bsn != null && bsn.startsWith("org.dsas.") && running(bsn) != null;
    }

    @Override
    public void install(File artifact) throws Exception {
        replace(artifact);
    }

    @Override
    public void update(File artifact) throws Exception {
        replace(artifact);
    }

    @Override
    public void uninstall(File artifact) {
        String bsn = symbolicName(artifact);
        Bundle b = bsn == null ? null : running(bsn);
        LOG.info("hot-deploy: {} removed from deploy/; {} keeps running at version {}", artifact.getName(), bsn,
                b == null ? "?" : b.getVersion());
    }

    private void replace(File artifact) throws Exception {
        String bsn = symbolicName(artifact);
        Bundle bundle = running(bsn);
        if (bundle == null) {
            LOG.error("hot-deploy: {}: no running bundle {} to replace", artifact.getName(), bsn);
            return;
        }
        Version before = bundle.getVersion();
        try (InputStream in = Files.newInputStream(artifact.toPath())) {
            bundle.update(in);
        }
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        Set<Bundle> affected = Set.copyOf(wiring.getDependencyClosure(Set.of(bundle)));
        CountDownLatch done = new CountDownLatch(1);
        wiring.refreshBundles(Set.of(bundle), e -> done.countDown());
        done.await(60, TimeUnit.SECONDS);
        LOG.info("hot-deploy: {} {} -> {} from {}; refreshed {} bundle(s): {}", bsn, before, bundle.getVersion(),
                artifact.getName(), affected.size(),
                affected.stream().map(Bundle::getSymbolicName).sorted().toList());
    }

    private Bundle running(String bsn) {
        Bundle found = null;
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName()) && (found == null || b.getVersion().compareTo(found.getVersion()) > 0)) {
                found = b;
            }
        }
        return found;
    }

    static String symbolicName(File jar) {
        try (JarFile j = new JarFile(jar)) {
            Manifest m = j.getManifest();
            String bsn = m == null ? null : m.getMainAttributes().getValue("Bundle-SymbolicName");
            return bsn == null ? null : bsn.split(";")[0].trim();
        } catch (IOException e) {
            return null;
        }
    }
}
