package org.dsas.itests.exam;

import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.environment;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.ProbeBuilder;
import org.ops4j.pax.exam.TestProbeBuilder;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The fourth flag source under Pax Exam: DSAS_ROLES in the container's environment turns fixb on over the
 * flags file, which turns it off; the kernel command line (fixa) still outranks the environment.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EnvironmentRolesIT {

    @Inject
    private SessionFactory sessions;

    @ProbeBuilder
    public TestProbeBuilder probe(TestProbeBuilder probe) {
        return RolesIT.staticImports(probe);
    }

    @Configuration
    public Option[] config() throws Exception {
        List<Option> options = new ArrayList<>(Arrays.asList(new RolesIT().config()));
        options.add(editConfigurationFilePut("etc/dsas.flags", "roles", "-fixb"));
        options.add(editConfigurationFilePut("etc/dsas-operator.flags", "roles", ""));
        // The container gets exactly this environment (Pax Exam passes it as the whole environment).
        options.add(environment("DSAS_ROLES=fixb,-fixa", "PATH=" + System.getenv("PATH"),
                "HOME=" + System.getProperty("user.home"), "JAVA_HOME=" + System.getProperty("java.home")));
        return options.toArray(new Option[0]);
    }

    @Test
    public void environmentOverridesTheFlagsFile() throws Exception {
        String list = RolesIT.waitForRole(sessions, "fixb", "active", true);
        RolesIT.assertRole(list, "fixb", true, "environment");
        RolesIT.assertRole(list, "fixa", true, "kernel-cmdline");
        assertTrue(list, list.contains("\"detail\":\"DSAS_ROLES=fixb,-fixa\""));
    }
}
