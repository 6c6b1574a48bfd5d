// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Every case of the kit, in report order, and the loop that runs them one after the other. */
final class Suite {
    private Suite() {}

    /** {@return all cases: Ping and Create-Session, Fragment, Close/Cancel, requests, path escapes, conversations} */
    static List<Case> all() {
        List<Case> all = new ArrayList<>();
        all.addAll(SessionCases.cases());
        all.addAll(FragmentCases.cases());
        all.addAll(EndCases.cases());
        all.addAll(RequestCases.cases());
        all.addAll(EscapeCases.cases());
        all.addAll(FlowCases.cases());
        return List.copyOf(all);
    }

    /** {@return the cases by name, in order} */
    static Map<String, Case> byName() {
        Map<String, Case> m = new LinkedHashMap<>();
        for (Case c : all()) {
            if (m.put(c.name(), c) != null) {
                throw new IllegalStateException("two cases named " + c.name());
            }
        }
        return m;
    }

    /**
     * Runs cases one after the other.
     *
     * @param target the directory under test
     * @param cases the cases
     * @param each receives every outcome as soon as it is known
     * @return the outcomes in order
     */
    static List<Case.Outcome> run(Target target, List<Case> cases, Consumer<Case.Outcome> each) {
        List<Case.Outcome> out = new ArrayList<>();
        for (Case c : cases) {
            Case.Outcome o = run(target, c);
            out.add(o);
            each.accept(o);
        }
        return out;
    }

    /**
     * {@return the outcome of one case}: PASS when it returns, FAIL on a broken rule (or any unexpected exception),
     * SKIP when it needs what was not given
     *
     * @param target the directory under test
     * @param c the case
     */
    static Case.Outcome run(Target target, Case c) {
        long start = System.nanoTime();
        CaseContext ctx = new CaseContext(target, c);
        Case.Result result;
        String reason;
        try {
            try {
                reason = c.body().run(ctx);
                result = Case.Result.PASS;
            } finally {
                ctx.close();
            }
        } catch (Case.Failure e) {
            result = Case.Result.FAIL;
            reason = e.getMessage();
        } catch (Case.Skip e) {
            result = Case.Result.SKIP;
            reason = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = Case.Result.FAIL;
            reason = "interrupted";
        } catch (Exception | StackOverflowError e) {
            result = Case.Result.FAIL;
            reason = "the kit could not complete the case: " + Text.escape(String.valueOf(e), 300);
        }
        return new Case.Outcome(c, result, reason, ctx.notes(), Duration.ofNanos(System.nanoTime() - start));
    }
}
