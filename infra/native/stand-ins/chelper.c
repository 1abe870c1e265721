/* Stand-ins for GraalVM's libchelper / libsvm_container, written from the Java-side
 * declarations in the svm jar (AMD64LibCHelper, CSunMiscSignal, LocaleCHelper, ...). */
#define _GNU_SOURCE
#include <cpuid.h>
#include <fcntl.h>
#include <limits.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "amd64cpufeatures.h"
#include "svm_locale.h"

/* ---- CPU features ---- */
void determineCPUFeatures(CPUFeatures *f) {
  unsigned a, b, c, d;
  memset(f, 0, sizeof(*f));
  if (__get_cpuid(1, &a, &b, &c, &d)) {
    f->fCX8 = !!(d & (1u << 8)); f->fCMOV = !!(d & (1u << 15)); f->fMMX = !!(d & (1u << 23));
    f->fFXSR = !!(d & (1u << 24)); f->fSSE = !!(d & (1u << 25)); f->fSSE2 = !!(d & (1u << 26));
    f->fHT = !!(d & (1u << 28)); f->fTSC = !!(d & (1u << 4)); f->fFLUSH = !!(d & (1u << 19));
    f->fSSE3 = !!(c & 1u); f->fCLMUL = !!(c & (1u << 1)); f->fSSSE3 = !!(c & (1u << 9));
    f->fFMA = !!(c & (1u << 12)); f->fSSE4_1 = !!(c & (1u << 19)); f->fSSE4_2 = !!(c & (1u << 20));
    f->fPOPCNT = !!(c & (1u << 23)); f->fAES = !!(c & (1u << 25)); f->fF16C = !!(c & (1u << 29));
    f->fHV = !!(c & (1u << 31));
    int osxsave = !!(c & (1u << 27)), avx = !!(c & (1u << 28));
    if (osxsave && avx) {
      unsigned lo, hi; __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
      if ((lo & 6) == 6) { f->fAVX = 1; f->fVZEROUPPER = 1; }
    }
  }
  if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
    f->fBMI1 = !!(b & (1u << 3)); f->fBMI2 = !!(b & (1u << 8)); f->fERMS = !!(b & (1u << 9));
    f->fADX = !!(b & (1u << 19)); f->fSHA = !!(b & (1u << 29)); f->fFLUSHOPT = !!(b & (1u << 23));
    f->fCLWB = !!(b & (1u << 24)); f->fAVX2 = f->fAVX && !!(b & (1u << 5));
    f->fFSRM = !!(d & (1u << 4)); f->fSERIALIZE = !!(d & (1u << 14)); f->fGFNI = !!(c & (1u << 8));
    f->fRDPID = !!(c & (1u << 22));
  }
  if (__get_cpuid(0x80000001, &a, &b, &c, &d)) {
    f->fLZCNT = !!(c & (1u << 5)); f->fSSE4A = !!(c & (1u << 6));
    f->fAMD_3DNOW_PREFETCH = !!(c & (1u << 8)); f->fRDTSCP = !!(d & (1u << 27));
  }
}
#define FSZ ((sizeof(CPUFeatures) + 7) & ~(size_t)7)
int checkCPUFeatures(const unsigned char *mask) {
  unsigned char buf[FSZ]; memset(buf, 0xff, FSZ); determineCPUFeatures((CPUFeatures *)buf);
  for (size_t i = 0; i < FSZ; i++) if ((unsigned char)(buf[i] | mask[i]) != 0xff) return 1;
  return 0;
}
int checkCPUFeaturesOrExit(const unsigned char *mask, const char *msg) {
  if (checkCPUFeatures(mask)) { fputs(msg, stderr); exit(1); }
  return 0;
}

/* ---- small libc wrappers ---- */
int fprintfSD(FILE *s, const char *fmt, const char *a0, int a1) { return fprintf(s, fmt, a0, a1); }
int openSII(const char *p, int fl, int mode) { return open(p, fl, mode); }
int openatISII(int dfd, const char *p, int fl, int mode) { return openat(dfd, p, fl, mode); }
void *mremapP(void *old, size_t os, size_t ns, int fl, void *na) { return mremap(old, os, ns, fl, na); }
int getThreadId(void) { return (int)syscall(SYS_gettid); }

/* ---- time zone: TZ, else /etc/localtime symlink target ---- */
char *SVM_FindJavaTZmd(const char *maps, int len) {
  const char *tz = getenv("TZ");
  if (tz && *tz) { if (*tz == ':') tz++; return strdup(tz); }
  char buf[PATH_MAX]; ssize_t n = readlink("/etc/localtime", buf, sizeof buf - 1);
  if (n > 0) { buf[n] = 0; char *z = strstr(buf, "zoneinfo/"); if (z) return strdup(z + 9); }
  return strdup("UTC");
}

/* ---- java signal handling support ---- */
static volatile int sig_claimed;
static volatile int sig_counts[NSIG];
static sem_t sig_sem;
static void sig_handler(int sig) {
  if (sig > 0 && sig < NSIG) { __atomic_add_fetch(&sig_counts[sig], 1, __ATOMIC_SEQ_CST); sem_post(&sig_sem); }
}
int cSunMiscSignal_open(void) {
  int exp = 0;
  if (!__atomic_compare_exchange_n(&sig_claimed, &exp, 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) return 1;
  return sem_init(&sig_sem, 0, 0) == 0 ? 0 : -1;
}
int cSunMiscSignal_close(void) { return sem_destroy(&sig_sem) == 0 ? 0 : -1; }
int cSunMiscSignal_awaitSemaphore(void) { return sem_wait(&sig_sem); }
int cSunMiscSignal_signalSemaphore(void) { return sem_post(&sig_sem); }
int cSunMiscSignal_signalRangeCheck(int sig) { return sig > 0 && sig < NSIG; }
int cSunMiscSignal_checkPendingSignal(void) {
  for (int s = 1; s < NSIG; s++) {
    int c = sig_counts[s];
    while (c > 0) {
      if (__atomic_compare_exchange_n(&sig_counts[s], &c, c - 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) return s;
    }
  }
  return -1;
}
void *cSunMiscSignal_signalHandlerFunctionPointer(void) { return (void *)sig_handler; }

/* ---- locale: parse LC_ALL / LC_CTYPE / LANG ---- */
static svm_locale_props_t props;
static void parse_locale(const char *v, char **lang, char **country, char **variant) {
  *lang = "en"; *country = ""; *variant = "";
  if (!v || !*v || !strcmp(v, "C") || !strcmp(v, "POSIX")) return;
  char *s = strdup(v), *at = strchr(s, '@'), *dot, *us;
  if (at) { *at = 0; *variant = at + 1; }
  if ((dot = strchr(s, '.'))) *dot = 0;
  if ((us = strchr(s, '_'))) { *us = 0; *country = us + 1; }
  if (*s) *lang = s;
}
int svm_initialize_locale(void) {
  const char *v = getenv("LC_ALL"); if (!v || !*v) v = getenv("LC_CTYPE"); if (!v || !*v) v = getenv("LANG");
  parse_locale(v, &props.display_language, &props.display_country, &props.display_variant);
  props.format_language = props.display_language; props.format_country = props.display_country;
  props.format_variant = props.display_variant; props.display_script = ""; props.format_script = "";
  return SVM_LOCALE_INITIALIZATION_SUCCEEDED;
}
svm_locale_props_t *svm_get_locale(void) { return &props; }
