// The on-disk program cache: entries are written, corrupt entries are deleted and rebuilt,
// failures are non-fatal; a failed compile's build log reaches the caller.
#include <CL/cl.h>

#include <fstream>
#include <iterator>
#include <random>

#include "disk_cache.hpp"
#include "error.hpp"
#include "plugin_fixture.hpp"
#include "program_cache.hpp"

namespace hwcert::opencl::testing {
namespace {

namespace fs = std::filesystem;

std::vector<unsigned char> read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const fs::path& p, const std::vector<unsigned char>& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

std::vector<fs::path> entries(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".clbin") out.push_back(e.path());
  return out;
}

class OpenClProgramCacheTest : public PluginTest {
 protected:
  void SetUp() override {
    cache_dir_ = fs::temp_directory_path() /
                 ("hwcert-opencl-cache-test-" + std::to_string(std::random_device{}()));
    fs::remove_all(cache_dir_);
    start();
  }
  void TearDown() override {
    stop();
    fs::remove_all(cache_dir_);
  }
  /// Runs neg on [1, -2, 3] and checks the result.
  void run_neg_and_check() {
    HWC_Buffer* x = upload(std::vector<float>{1, -2, 3});
    HWC_Buffer* y = alloc(12);
    OpBuilder op("neg");
    op.input(dense(HWC_DTYPE_F32, {3})).output(dense(HWC_DTYPE_F32, {3}));
    ASSERT_EQ(run(op, {x}, {y}), HWC_STATUS_OK);
    EXPECT_EQ(download<float>(y, 3), (std::vector<float>{-1, 2, -3}));
  }
  void restart() {
    stop();
    start();
  }
};

TEST_F(OpenClProgramCacheTest, FirstBuildWritesAnEntryThatTheNextRunUses) {
  run_neg_and_check();
  auto files = entries(cache_dir_);
  ASSERT_EQ(files.size(), 1u);
  const auto written = read_bytes(files[0]);
  const auto stamp = fs::last_write_time(files[0]);
  restart();
  run_neg_and_check();
  EXPECT_EQ(read_bytes(files[0]), written);
  EXPECT_EQ(fs::last_write_time(files[0]), stamp) << "a valid entry is loaded, not rewritten";
}

TEST_F(OpenClProgramCacheTest, CorruptEntryIsDeletedAndRebuilt) {
  run_neg_and_check();
  auto files = entries(cache_dir_);
  ASSERT_EQ(files.size(), 1u);
  auto bytes = read_bytes(files[0]);
  ASSERT_GT(bytes.size(), 64u);
  for (size_t i = bytes.size() / 2; i < bytes.size() / 2 + 16; ++i) bytes[i] ^= 0x5A;
  write_bytes(files[0], bytes);
  restart();
  run_neg_and_check();
  auto after = read_bytes(files[0]);
  EXPECT_NE(after, bytes) << "the corrupt entry must be replaced";
  DiskCache cache(cache_dir_, Logger());
  EXPECT_TRUE(cache.load(files[0].stem().string()).has_value()) << "the new entry is valid";
}

TEST_F(OpenClProgramCacheTest, BinaryTheDriverRejectsIsDeletedAndRebuilt) {
  run_neg_and_check();
  auto files = entries(cache_dir_);
  ASSERT_EQ(files.size(), 1u);
  // A well-formed entry (checksum matches) whose payload is not a program binary.
  const std::vector<unsigned char> garbage(256, 0xAB);
  write_bytes(files[0], DiskCache::encode(garbage));
  restart();
  run_neg_and_check();
  DiskCache cache(cache_dir_, Logger());
  auto payload = cache.load(files[0].stem().string());
  ASSERT_TRUE(payload.has_value());
  EXPECT_NE(*payload, garbage);
}

TEST_F(OpenClProgramCacheTest, UnwritableCacheDirectoryIsNotFatal) {
  stop();
  fs::create_directories(cache_dir_);
  const fs::path blocker = cache_dir_ / "not-a-directory";
  write_bytes(blocker, {1, 2, 3});
  const fs::path original = cache_dir_;
  cache_dir_ = blocker / "cache";  // cannot be created: its parent is a file
  start();
  run_neg_and_check();
  stop();
  cache_dir_ = original;
  start();
}

TEST(OpenClProgramBuildTest, FailedCompileReportsTheBuildLog) {
  cl_platform_id platform = nullptr;
  cl_uint platforms = 0;
  if (clGetPlatformIDs(1, &platform, &platforms) != CL_SUCCESS || platforms == 0)
    GTEST_SKIP() << "no OpenCL platform";
  cl_device_id device = nullptr;
  if (clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 1, &device, nullptr) != CL_SUCCESS)
    GTEST_SKIP() << "no OpenCL device";
  cl_int status = CL_SUCCESS;
  cl_context context = clCreateContext(nullptr, 1, &device, nullptr, nullptr, &status);
  ASSERT_EQ(status, CL_SUCCESS);
  {
    const DeviceCaps caps = query_device_caps(platform, device);
    ProgramCache programs(context, device, caps, std::nullopt, Logger());
    const ProgramSpec broken{"movement",
                             "#define E_T uchar\n#define IDX_T int\n"
                             "this_is_not_opencl_c deliberately_broken;\n"};
    try {
      programs.get(broken);
      ADD_FAILURE() << "the broken program compiled";
    } catch (const Failure& failure) {
      EXPECT_EQ(failure.code(), HWC_STATUS_INTERNAL);
      EXPECT_NE(failure.message().find("clBuildProgram"), std::string::npos);
      EXPECT_NE(failure.message().find("build log"), std::string::npos);
      EXPECT_NE(failure.message().find("this_is_not_opencl_c"), std::string::npos)
          << failure.message();
    }
  }
  clReleaseContext(context);
}

}  // namespace
}  // namespace hwcert::opencl::testing
