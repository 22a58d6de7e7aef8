// timerfd is Linux's; Swift's Glibc module does not include <sys/timerfd.h>.
#include <sys/prctl.h>
#include <sys/timerfd.h>
#include <time.h>
#include "CTimerfd.h"

int outagecal_realtime_timer(void) {
    return timerfd_create(CLOCK_REALTIME, TFD_CLOEXEC);
}

int outagecal_arm_realtime_timer(int descriptor, long long seconds, long nanoseconds) {
    struct itimerspec value = {0};
    // All zeros would disarm the timer: a deadline at or before the epoch is 1 ns after it,
    // long past, so the timer expires at once.
    if (seconds < 0 || (seconds == 0 && nanoseconds <= 0)) {
        seconds = 0;
        nanoseconds = 1;
    }
    value.it_value.tv_sec = (time_t)seconds;
    value.it_value.tv_nsec = nanoseconds;
    return timerfd_settime(descriptor, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &value, 0);
}

int outagecal_expire_timer_now(int descriptor) {
    struct itimerspec value = {0};
    value.it_value.tv_nsec = 1;
    return timerfd_settime(descriptor, 0, &value, 0);
}

void outagecal_name_timer_thread(void) {
    (void)prctl(PR_SET_NAME, "outagecal timer", 0, 0, 0);
}
