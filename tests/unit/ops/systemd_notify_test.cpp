#include "ops/systemd_notify.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "support/fake_systemd.h"

namespace b2k::ops {
namespace {

using test::FakeSystemd;

TEST(SystemdNotify, SendsStatesToTheNotifySocket) {
    FakeSystemd systemd;
    ::setenv("NOTIFY_SOCKET", systemd.path().c_str(), 1);
    ::setenv("WATCHDOG_USEC", "30000000", 1);
    ::unsetenv("WATCHDOG_PID");
    SystemdNotify n;
    ::unsetenv("NOTIFY_SOCKET");
    ::unsetenv("WATCHDOG_USEC");
    ASSERT_TRUE(n.active());
    ASSERT_TRUE(n.watchdog_interval().has_value());
    EXPECT_EQ(n.watchdog_interval()->count(), 15000);  // half of WatchdogSec
    n.ready();
    EXPECT_EQ(systemd.receive(), "READY=1");
    n.status("streaming; read mysql-bin.000001:4");
    EXPECT_EQ(systemd.receive(), "STATUS=streaming; read mysql-bin.000001:4");
    n.watchdog();
    EXPECT_EQ(systemd.receive(), "WATCHDOG=1");
    n.stopping();
    EXPECT_EQ(systemd.receive(), "STOPPING=1");
}

TEST(SystemdNotify, InactiveWithoutSystemd) {
    ::unsetenv("NOTIFY_SOCKET");
    SystemdNotify n;
    EXPECT_FALSE(n.active());
    n.ready();  // a no-op, not a crash
}

TEST(SystemdNotify, WatchdogOfAnotherProcessIsNotOurs) {
    FakeSystemd systemd;
    ::setenv("NOTIFY_SOCKET", systemd.path().c_str(), 1);
    ::setenv("WATCHDOG_USEC", "30000000", 1);
    ::setenv("WATCHDOG_PID", "1", 1);
    SystemdNotify n;
    ::unsetenv("NOTIFY_SOCKET");
    ::unsetenv("WATCHDOG_USEC");
    ::unsetenv("WATCHDOG_PID");
    EXPECT_TRUE(n.active());
    EXPECT_FALSE(n.watchdog_interval().has_value());
}

}  // namespace
}  // namespace b2k::ops
