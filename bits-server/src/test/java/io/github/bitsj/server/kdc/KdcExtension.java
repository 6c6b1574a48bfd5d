// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.kdc;

import java.io.IOException;
import java.util.List;
import javax.security.auth.kerberos.KerberosPrincipal;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a running {@link MitKdc}: {@code @ExtendWith(KdcExtension.class)} on the class, and a {@code MitKdc}
 * parameter on a test, lifecycle method or constructor.
 *
 * <p><b>One KDC per JVM.</b> The JDK reads its Kerberos configuration ({@code java.security.krb5.conf}, a JVM-global
 * system property) once, at the first use of Kerberos, and keeps it (the realm, the KDC's address and port, the clock
 * skew). So the first test class that asks for a KDC starts one, sets {@code java.security.krb5.conf} to its
 * {@code krb5.conf} before the JDK has loaded any, and checks that the JDK took it; every later class in the same JVM
 * gets the same KDC, stopped when the test run ends (it lives in the root context's store). The alternative, the
 * JDK-internal {@code sun.security.krb5.Config.refresh()}, is not exported and is not used. A test JVM in which
 * something else loaded a Kerberos configuration first fails here with a message saying so; such tests would then go
 * in a surefire execution of their own.
 *
 * <p><b>Skipped only without the programs.</b> If {@code krb5kdc}, {@code kdb5_util}, {@code kadmin.local} or
 * {@code kinit} is missing, the tests are skipped (a JUnit assumption) with a message naming the Debian packages that
 * {@code .ci/run} installs. A KDC that is installed but does not start fails the tests.
 */
public final class KdcExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(KdcExtension.class);
    private static final String KEY = "kdc";
    private static final String KRB5_CONF = "java.security.krb5.conf";

    @Override
    public void beforeAll(ExtensionContext context) {
        kdc(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == MitKdc.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
            throws ParameterResolutionException {
        return kdc(context);
    }

    private static MitKdc kdc(ExtensionContext context) {
        List<String> missing = MitKdc.missingTools();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "Kerberos tests skipped: " + String.join(", ", missing)
                + " not installed (Debian packages krb5-kdc, krb5-admin-server, krb5-user; .ci/run installs them"
                + " when CI=true or as root)");
        return context.getRoot().getStore(NS).getOrComputeIfAbsent(KEY, k -> start(), MitKdc.class);
    }

    private static MitKdc start() {
        MitKdc kdc;
        try {
            kdc = MitKdc.start();
        } catch (IOException e) {
            throw new IllegalStateException("the MIT KDC did not start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the KDC", e);
        }
        String before = System.getProperty(KRB5_CONF);
        if (before != null) {
            kdc.close();
            throw new IllegalStateException(KRB5_CONF + " is already set (" + before + "); Kerberos tests need a JVM"
                    + " whose Kerberos configuration they own");
        }
        System.setProperty(KRB5_CONF, kdc.krb5Conf().toString());
        // A name without a realm takes the configuration's default realm: proof that the JDK loaded this krb5.conf
        // and not one read earlier in this JVM.
        String probe = new KerberosPrincipal("probe").getRealm();
        if (!MitKdc.REALM.equals(probe)) {
            kdc.close();
            throw new IllegalStateException("the JDK loaded a Kerberos configuration before the KDC fixture (default"
                    + " realm " + probe + "); run Kerberos tests in a JVM of their own");
        }
        return kdc;
    }
}
