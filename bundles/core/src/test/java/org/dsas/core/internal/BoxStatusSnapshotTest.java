package org.dsas.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.dsas.core.api.FlagSource;
import org.dsas.core.api.Json;
import org.dsas.core.api.RolePlan;
import org.dsas.core.api.RoleService;
import org.dsas.core.api.RoleState;
import org.dsas.core.api.StatusContributor;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;

/** dsas:status --json as a whole: every section under its name, every key camelCase, contributor failures as alarms. */
class BoxStatusSnapshotTest {

    /** Answers the given methods by name; anything else is a test bug. */
    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, Map<String, Object> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (!answers.containsKey(method.getName())) {
                throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
            }
            return answers.get(method.getName());
        });
    }

    private static Bundle bundle(long id, String name, int state) {
        return fake(Bundle.class, Map.of("getBundleId", id, "getSymbolicName", name, "getState", state,
                "getVersion", new Version(1, 2, 3), "getHeaders", new Hashtable<String, String>()));
    }

    private static void set(Object target, String field, Object value) throws Exception {
        Field f = BoxStatus.class.getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }

    @Test
    void snapshotHasEverySectionWithCamelCaseKeysAndContributorFailuresAsAlarms() throws Exception {
        BoxStatus box = new BoxStatus();
        List<RoleState> roles = List.of(new RoleState("lb", "dsas-role-lb", "load balancer", false, true,
                FlagSource.OPERATOR, "etc/dsas.flags", false, null));
        set(box, "roles", new RoleService() {
            @Override
            public List<RoleState> roles() {
                return roles;
            }

            @Override
            public List<String> roleNames() {
                return List.of("lb");
            }

            @Override
            public RolePlan enable(String role, boolean dryRun) {
                throw new UnsupportedOperationException();
            }

            @Override
            public RolePlan disable(String role, boolean dryRun) {
                throw new UnsupportedOperationException();
            }

            @Override
            public RolePlan reset(String role, boolean dryRun) {
                throw new UnsupportedOperationException();
            }
        });
        Feature lbFeature = fake(Feature.class, Map.of("getName", "dsas-role-lb", "getVersion", "0.1.0"));
        set(box, "features", fake(FeaturesService.class, Map.of("listInstalledFeatures", new Feature[] {lbFeature})));
        Bundle self = bundle(7, "org.dsas.core", Bundle.ACTIVE);
        box.activate(fake(BundleContext.class, Map.of("getBundle", self, "getBundles", new Bundle[] {self,
                bundle(8, "org.dsas.broken", Bundle.INSTALLED)})));
        box.addContributor(new StatusContributor() {
            @Override
            public String section() {
                return "lb";
            }

            @Override
            public Map<String, Object> status() {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("realServers", 2);
                m.put("lastDrift", null);
                return m;
            }

            @Override
            public List<String> alarms() {
                return List.of("rules rejected");
            }
        });
        box.addContributor(new StatusContributor() {
            @Override
            public String section() {
                return "vrrp";
            }

            @Override
            public Map<String, Object> status() {
                throw new IllegalStateException("not started");
            }
        });

        Map<?, ?> snapshot = (Map<?, ?>) Json.parse(Json.write(box.snapshot()));

        assertEquals(List.of("box", "roles", "features", "bundles", "privileges", "lb", "alarms"),
                List.copyOf(snapshot.keySet()));
        assertEquals(List.of(), Json.nonCamelCaseKeys(snapshot, Set.of()), snapshot.toString());
        assertTrue(((Map<?, ?>) snapshot.get("box")).get("uptimeSeconds") instanceof Long, snapshot.toString());
        Map<String, Object> lb = new LinkedHashMap<>();
        lb.put("realServers", 2L);
        lb.put("lastDrift", null);
        assertEquals(lb, snapshot.get("lb"));
        assertEquals(Map.of("installed", 1L, "dsas", List.of("dsas-role-lb/0.1.0")), snapshot.get("features"));
        Map<?, ?> bundles = (Map<?, ?>) snapshot.get("bundles");
        assertEquals(2L, bundles.get("total"));
        assertEquals(1L, bundles.get("active"));
        assertEquals(List.of(Map.of("id", 8L, "name", "org.dsas.broken", "version", "1.2.3", "state", "Installed")),
                bundles.get("notActive"));
        assertEquals(List.of("role lb: wanted on but is inactive", "bundle 8 org.dsas.broken is not resolved",
                "lb: rules rejected", "vrrp: status unavailable: not started"), snapshot.get("alarms"));
    }
}
