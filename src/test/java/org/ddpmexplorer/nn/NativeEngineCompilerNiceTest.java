package org.ddpmexplorer.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * {@link NativeEngine#lowerCompilerThreadsPriority()} changes the priority of the JVM's own threads
 * for good (raising it back needs root), so it runs in a child JVM, which reports what it saw.
 */
@EnabledOnOs(OS.LINUX)
class NativeEngineCompilerNiceTest {
    /** The child: the compiler threads' nice values before and after, and what each call returned. */
    public static void main(String[] args) {
        Map<Long, String> compilers = new java.util.TreeMap<>(NativeEngine.nativeThreadNames());
        compilers.values().removeIf(name -> !name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre"));
        StringBuilder before = new StringBuilder();
        compilers.keySet().forEach(tid -> before.append(NativeEngine.niceOfThread(tid)).append(' '));
        int first = NativeEngine.lowerCompilerThreadsPriority();
        int second = NativeEngine.lowerCompilerThreadsPriority();
        StringBuilder after = new StringBuilder();
        compilers.keySet().forEach(tid -> after.append(NativeEngine.niceOfThread(tid)).append(' '));
        System.out.println("compilers=" + compilers.size() + " before=" + before.toString().strip() + " first=" + first
                + " second=" + second + " after=" + after.toString().strip() + " caller=" + NativeEngine.niceOfThisThread());
    }

    private static String child(String... jvmOptions) throws Exception {
        String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(javaBin));
        cmd.addAll(java.util.List.of(jvmOptions));
        cmd.addAll(java.util.List.of("-cp", System.getProperty("java.class.path"), NativeEngineCompilerNiceTest.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.waitFor(), out);
        return out.lines().reduce((a, b) -> b).orElse("");
    }

    @Test
    void lowersBothCompilerThreadsOnceAndLeavesTheCallerAlone() throws Exception {
        // two compiler threads: C1 and C2 (the child's count is pinned, whatever the machine's cores)
        String out = child("-XX:CICompilerCount=2", "-XX:-UseDynamicNumberOfCompilerThreads");
        int base = NativeEngine.niceOfThisThread(); // the child starts at this process's nice value (0 unless run under `nice`)
        int lowered = Math.max(base, NativeEngine.BACKGROUND_NICE);
        assertEquals(String.format("compilers=2 before=%d %d first=%d second=0 after=%d %d caller=%d", base, base,
                base < NativeEngine.BACKGROUND_NICE ? 2 : 0, lowered, lowered, base), out);
    }

    @Test
    void theSwitchThatKeepsTheWorkersAtNormalPriorityKeepsTheCompilersThereToo() throws Exception {
        String out = child("-XX:CICompilerCount=2", "-XX:-UseDynamicNumberOfCompilerThreads", "-Dddpm.backgroundNice=false");
        int base = NativeEngine.niceOfThisThread();
        assertTrue(out.endsWith(String.format("first=0 second=0 after=%d %d caller=%d", base, base, base)), out);
    }
}
