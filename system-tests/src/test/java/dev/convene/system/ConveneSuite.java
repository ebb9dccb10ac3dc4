package dev.convene.system;

import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The running suite, shared by every test class of this module: {@code @ExtendWith(ConveneSuite.class)}.
 *
 * <p>The first class that needs it starts the e2e network namespace ({@code scripts/e2e-env.sh up
 * --web-port 18080}) and the five apps exactly as {@code ./convene run} starts them
 * ({@code scripts/suite.sh start --env e2e}: ports 18080-18084, the {@code *_e2e} databases).
 * Starting takes most of a minute on two cores, so it happens once per test JVM (Surefire runs
 * this module in one fork): the state lives in the root extension store, and JUnit closes it —
 * stopping the apps and removing the namespace — after the last test of the run. A failed start
 * is remembered, so every class fails at once with the same cause instead of starting again.
 */
final class ConveneSuite implements BeforeAllCallback {

    /** The one origin as seen from the root namespace (the test JVM). */
    static final String ORIGIN = "http://127.0.0.1:18080";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ConveneSuite.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        Running running = context.getRoot().getStore(NAMESPACE).computeIfAbsent(Running.class, key -> Running.start(), Running.class);
        running.requireStarted();
    }

    /** A started (or failed-to-start) suite; closing it tears everything down. */
    static final class Running implements AutoCloseable {

        private final AssertionError startFailure;

        private Running(AssertionError startFailure) {
            this.startFailure = startFailure;
        }

        static Running start() {
            try {
                Scripts.requireRoot();
                Scripts.runOrFail(60, "scripts/e2e-env.sh", "up", "--web-port", "18080");
                Scripts.runOrFail(240, "scripts/suite.sh", "start", "--env", "e2e");
                return new Running(null);
            } catch (AssertionError e) {
                return new Running(e);
            } catch (Exception e) {
                return new Running(new AssertionError("starting the suite failed: " + e, e));
            }
        }

        void requireStarted() {
            if (startFailure != null) {
                throw new AssertionError("the suite is not running: " + startFailure.getMessage(), startFailure);
            }
        }

        @Override
        public void close() throws Exception {
            // Both always run, and both are idempotent: a failed start leaves nothing behind.
            int suite = Scripts.run(60, Map.of(), "scripts/suite.sh", "stop", "--env", "e2e");
            int namespace = Scripts.run(60, Map.of(), "scripts/e2e-env.sh", "down");
            if (suite + namespace != 0) {
                throw new AssertionError("teardown failed (suite.sh stop: " + suite + ", e2e-env.sh down: " + namespace + "):\n" + Scripts.logTail());
            }
        }
    }
}
