#ifndef OUTAGECAL_CTIMERFD_H
#define OUTAGECAL_CTIMERFD_H

/// Creates a timer on CLOCK_REALTIME, the wall clock (timerfd_create(2), close-on-exec).
/// Returns its descriptor, or -1 with errno set.
int outagecal_realtime_timer(void);

/// Arms `descriptor` to expire at the absolute wall time `seconds` + `nanoseconds` since the
/// epoch, and to be cancelled when the wall clock is set (timerfd_settime(2) with
/// TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET): a read then fails with ECANCELED.
/// Returns 0, or -1 with errno set.
int outagecal_arm_realtime_timer(int descriptor, long long seconds, long nanoseconds);

/// Makes `descriptor` expire at once (timerfd_settime(2), one nanosecond from now, relative),
/// so that a read blocked on it returns.
/// Returns 0, or -1 with errno set.
int outagecal_expire_timer_now(int descriptor);

/// Names the calling thread "outagecal timer" (prctl(2) PR_SET_NAME; pthread_setname_np is a
/// GNU extension Swift's Glibc does not declare), the thread that waits on the timer: seen in
/// top -H and /proc/PID/task/*/comm.
void outagecal_name_timer_thread(void);

#endif
