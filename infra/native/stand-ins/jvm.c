/* Stand-in for svm's libjvm.a: JVM_* entry points used by the JDK's JNI libraries (from ../shared/tools/native).
 * Only the few that matter outside HotSpot are implemented; the rest abort loudly. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <jni.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
void initialize(void) {}
jint JVM_ActiveProcessorCount(void) { return (jint)sysconf(_SC_NPROCESSORS_ONLN); }
jlong JVM_CurrentTimeMillis(JNIEnv *e, jclass c) { struct timeval t; gettimeofday(&t, NULL); return (jlong)t.tv_sec * 1000 + t.tv_usec / 1000; }
jlong JVM_NanoTime(JNIEnv *e, jclass c) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return (jlong)t.tv_sec * 1000000000LL + t.tv_nsec; }
jlong JVM_GetNanoTimeAdjustment(JNIEnv *e, jclass c, jlong off) {
  struct timespec t; clock_gettime(CLOCK_REALTIME, &t); jlong d = (jlong)t.tv_sec - off;
  if (d > 0xFFFFFFFFLL || d < -0xFFFFFFFFLL) return -1; return d * 1000000000LL + t.tv_nsec; }
void *JVM_RawMonitorCreate(void) { pthread_mutex_t *m = malloc(sizeof *m); pthread_mutex_init(m, NULL); return m; }
void JVM_RawMonitorDestroy(void *m) { pthread_mutex_destroy(m); free(m); }
jint JVM_RawMonitorEnter(void *m) { return pthread_mutex_lock(m); }
void JVM_RawMonitorExit(void *m) { pthread_mutex_unlock(m); }
jboolean JVM_IsSupportedJNIVersion(jint v) { return v == JNI_VERSION_1_1 || v == JNI_VERSION_1_2 || v == JNI_VERSION_1_4 || v == JNI_VERSION_1_6 || v == JNI_VERSION_1_8 || v == JNI_VERSION_9 || v == JNI_VERSION_10 || v == JNI_VERSION_19 || v == JNI_VERSION_20 || v == JNI_VERSION_21; }
void JVM_Halt(jint code) { exit(code); }
void JVM_BeforeHalt(void) {}
void JVM_GC(void) {}
jlong JVM_MaxMemory(void) { return 0; }
jlong JVM_TotalMemory(void) { return 0; }
jlong JVM_FreeMemory(void) { return 0; }
void *JVM_LoadLibrary(const char *n, jboolean t) { return dlopen(n, RTLD_LAZY); }
void JVM_UnloadLibrary(void *h) { dlclose(h); }
void *JVM_FindLibraryEntry(void *h, const char *n) { return dlsym(h, n); }
char *JVM_NativePath(char *p) { return p; }
jboolean JVM_IsContainerized(void) { return JNI_FALSE; }
jboolean JVM_IsUseContainerSupport(void) { return JNI_FALSE; }
jboolean JVM_IsPreviewEnabled(void) { return JNI_FALSE; }
jboolean JVM_IsContinuationsSupported(void) { return JNI_FALSE; }
jboolean JVM_IsForeignLinkerSupported(void) { return JNI_FALSE; }
jboolean JVM_IsFinalizationEnabled(void) { return JNI_FALSE; }
jint JVM_FindSignal(const char *n) { return -1; }
void *JVM_RegisterSignal(jint s, void *h) { return (void *)-1; }
jboolean JVM_RaiseSignal(jint s) { return raise(s) == 0; }
void JVM_Yield(JNIEnv *e, jclass c) { sched_yield(); }
/* libjava formats some messages through these (imported from libjvm.so, version SUNWprivate_1.1). */
#include <stdarg.h>
int jio_vsnprintf(char *str, size_t count, const char *fmt, va_list args) {
  if ((int)count <= 0) return -1;
  int n = vsnprintf(str, count, fmt, args);
  if (n < 0 || (size_t)n >= count) { str[count - 1] = 0; return -1; }
  return n;
}
int jio_vfprintf(FILE *f, const char *fmt, va_list args) { return vfprintf(f, fmt, args); }
