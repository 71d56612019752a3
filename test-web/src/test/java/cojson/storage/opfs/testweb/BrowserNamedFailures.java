package cojson.storage.opfs.testweb;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Puts the browser's name in front of a failing test's message ("in Firefox: ..."): Surefire's
 * closing list of failures names the method but not the class invocation that failed, and a
 * failure that happens in one browser only must say which. The stack trace is kept as it was, so
 * the failure still points at the line that threw; skips pass through untouched.
 */
final class BrowserNamedFailures implements TestExecutionExceptionHandler {
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        if (thrown instanceof TestAbortedException || !(context.getTestInstance().orElse(null) instanceof BrowserTest test)
                || test.browserKind == null) {
            throw thrown;
        }
        String prefix = "in " + test.browserKind + ": ";
        Throwable named;
        if (thrown instanceof AssertionFailedError failed) {
            named = new AssertionFailedError(prefix + failed.getMessage(), failed.getExpected(), failed.getActual(), failed.getCause());
        } else if (thrown instanceof AssertionError) {
            named = new AssertionError(prefix + thrown.getMessage(), thrown.getCause());
        } else {
            named = new RuntimeException(prefix + thrown, thrown);
        }
        named.setStackTrace(thrown.getStackTrace());
        for (Throwable suppressed : thrown.getSuppressed()) {
            named.addSuppressed(suppressed);
        }
        throw named;
    }
}
