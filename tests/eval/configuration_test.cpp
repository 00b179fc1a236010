// Configuration specs: levers joined by '+', under every profile table.
#include <gtest/gtest.h>

#include "eval/configuration.h"

namespace r1tune::eval {
namespace {

TEST(Configuration, LeversSetWhatTheyName) {
    Configuration c;
    ASSERT_TRUE(parse_configuration("scaffold+verify+vote:8", "guide", c));
    EXPECT_EQ(c.name, "guide scaffold+verify+vote:8");
    EXPECT_EQ(c.profiles, "guide");
    EXPECT_EQ(c.scaffold, "auto"); // the router's, whatever the table has
    EXPECT_EQ(c.retries, 2);
    EXPECT_EQ(c.feedback, "turn");
    EXPECT_EQ(c.strategy, "vote:8");
    EXPECT_FALSE(c.boxed);

    ASSERT_TRUE(parse_configuration("plain", "deepseek", c));
    EXPECT_FALSE(c.scaffold); // the question alone
    EXPECT_EQ(c.retries, 0);
    EXPECT_EQ(c.strategy, "plain");

    ASSERT_TRUE(parse_configuration("wait+boxed", "deepseek", c));
    EXPECT_EQ(c.feedback, "wait");
    EXPECT_EQ(c.retries, 2);
    EXPECT_TRUE(c.boxed);
    EXPECT_TRUE(c.strategy.empty()); // the profile's own

    ASSERT_TRUE(parse_configuration("scaffold:program+tools+plain", "chat", c));
    EXPECT_EQ(c.scaffold, "program");
    EXPECT_TRUE(c.tools);
    EXPECT_FALSE(c.notebook);
    ASSERT_TRUE(parse_configuration("notebook+plain", "chat", c));
    EXPECT_TRUE(c.notebook);
    EXPECT_FALSE(c.user_turn); // the family's place
    ASSERT_TRUE(parse_configuration("scaffold+userturn+plain", "chat", c));
    EXPECT_TRUE(c.user_turn);
    EXPECT_EQ(c.name, "chat scaffold+userturn+plain");

    // A table of its own, named as if it had been given for all.
    ASSERT_TRUE(parse_configuration("profiles:guide+scaffold+verify", "chat", c));
    EXPECT_EQ(c.profiles, "guide");
    EXPECT_EQ(c.name, "guide scaffold+verify");
    EXPECT_EQ(c.retries, 2);
}

TEST(Configuration, BadSpecsAreUsageErrorsNamingThePart) {
    Configuration c;
    for (const char * spec : {"", "scaffold+", "+plain", "scafold", "plain+vote:8", "verify+wait", "scaffold+scaffold",
                             "scaffold:", "scaffold+scaffold:program", "profiles:", "profiles:guide",
                             "profiles:guide+profiles:chat+plain"}) {
        const Status s = parse_configuration(spec, "deepseek", c);
        EXPECT_FALSE(s) << spec;
        EXPECT_EQ(s.kind(), ErrorKind::kUsage) << spec;
    }
    EXPECT_NE(parse_configuration("scafold", "deepseek", c).message().find("'scafold'"), std::string::npos);
    EXPECT_NE(parse_configuration("plain+vote:8", "deepseek", c).message().find("strategy"), std::string::npos);
}

TEST(Configuration, UserTurnWithoutAScaffoldIsRefused) {
    // It would move nothing, and its row would repeat its twin's.
    Configuration c;
    for (const char * spec : {"userturn+plain", "notebook+userturn+plain", "profiles:deepseek+userturn+verify",
                             "scaffold:none+userturn+plain"}) {
        const Status s = parse_configuration(spec, "chat", c);
        EXPECT_EQ(s.kind(), ErrorKind::kUsage) << spec;
        EXPECT_NE(s.message().find("add scaffold"), std::string::npos) << s.message();
    }
    EXPECT_TRUE(parse_configuration("scaffold:program+userturn+plain", "chat", c));
}

TEST(Configuration, EverySpecRunsUnderEveryTable) {
    std::vector<Configuration> configs;
    ASSERT_TRUE(expand_configurations({"plain", "scaffold"}, {"deepseek", "guide"}, configs));
    ASSERT_EQ(configs.size(), 4u);
    EXPECT_EQ(configs[0].name, "deepseek plain");
    EXPECT_EQ(configs[1].name, "deepseek scaffold");
    EXPECT_EQ(configs[2].name, "guide plain");
    EXPECT_EQ(configs[3].name, "guide scaffold");
    EXPECT_FALSE(expand_configurations({"plain", "plain"}, {"deepseek"}, configs));
    // A configuration with its own table is the same under every table given.
    EXPECT_FALSE(expand_configurations({"profiles:guide+plain"}, {"deepseek", "chat"}, configs));
    EXPECT_FALSE(expand_configurations({"plain", "profiles:guide+plain"}, {"guide"}, configs));
    ASSERT_TRUE(expand_configurations({"plain", "profiles:guide+plain"}, {"chat"}, configs));
    EXPECT_EQ(configs[1].name, "guide plain");
    EXPECT_FALSE(expand_configurations({}, {"deepseek"}, configs));
    EXPECT_FALSE(expand_configurations({"plain"}, {}, configs));
}

Configuration named(const std::string & name) {
    Configuration c;
    EXPECT_TRUE(configuration_from_name(name, c)) << name;
    return c;
}

TEST(Configuration, ANameParsesBackToItsLevers) {
    const Configuration c = named("guide scaffold:program+verify+vote:8");
    EXPECT_EQ(c.profiles, "guide");
    EXPECT_EQ(c.scaffold, "program");
    EXPECT_EQ(c.retries, 2);
    EXPECT_EQ(c.strategy, "vote:8");
    EXPECT_EQ(c.name, "guide scaffold:program+verify+vote:8");
    // A table given as a file keeps its spaces: the levers follow the last one.
    EXPECT_EQ(named("my tables/x.json plain").profiles, "my tables/x.json");
    EXPECT_EQ(named("chat scaffold:my steps/x.txt+plain").scaffold, "my steps/x.txt");
    Configuration bad;
    EXPECT_FALSE(configuration_from_name("plain", bad));
    EXPECT_FALSE(configuration_from_name(" plain", bad));
    EXPECT_FALSE(configuration_from_name("chat plain+nonsense", bad));
}

TEST(Configuration, TwinsDifferInOneLever) {
    EXPECT_EQ(added_lever(named("chat auto:5+verify"), named("chat auto:5+verify+tools")), "tools");
    EXPECT_EQ(added_lever(named("chat auto:5+verify"), named("chat tools+auto:5+verify")), "tools"); // any order
    EXPECT_EQ(added_lever(named("chat scaffold+plain"), named("chat scaffold+userturn+plain")), "userturn");
    EXPECT_EQ(added_lever(named("chat plain"), named("chat notebook+plain")), "notebook");
    EXPECT_EQ(added_lever(named("chat plain"), named("chat boxed+plain")), "boxed");
    EXPECT_EQ(added_lever(named("chat auto:5"), named("chat auto:5+verify")), "verify");
    EXPECT_EQ(added_lever(named("chat auto:5"), named("chat auto:5+wait")), "wait");
    EXPECT_EQ(added_lever(named("chat plain+tools"), named("chat scaffold:program+plain+tools")), "scaffold");
    EXPECT_EQ(added_lever(named("chat scaffold:none+plain"), named("chat scaffold+plain")), "scaffold");
    EXPECT_EQ(added_lever(named("chat vote:5"), named("chat vote:5:conf")), "conf");
    // Not twins: the other way round, the same, two levers apart, another strategy or table, and
    // two scaffolds (a lever each, but not one added to the other).
    EXPECT_EQ(added_lever(named("chat auto:5+verify+tools"), named("chat auto:5+verify")), "");
    EXPECT_EQ(added_lever(named("chat plain"), named("chat plain")), "");
    EXPECT_EQ(added_lever(named("chat plain"), named("chat scaffold+verify+plain")), "");
    EXPECT_EQ(added_lever(named("chat vote:3+tools"), named("chat vote:5+tools")), "");
    EXPECT_EQ(added_lever(named("chat plain"), named("guide boxed+plain")), "");
    EXPECT_EQ(added_lever(named("chat scaffold:program+plain"), named("chat scaffold+plain")), "");
    EXPECT_EQ(added_lever(named("chat auto:5+verify"), named("chat auto:5+wait")), "");
    EXPECT_EQ(added_lever(named("chat vote:8"), named("chat vote:5:conf")), "");
    EXPECT_EQ(added_lever(named("chat vote:5:conf"), named("chat vote:5")), "");
}

} // namespace
} // namespace r1tune::eval
