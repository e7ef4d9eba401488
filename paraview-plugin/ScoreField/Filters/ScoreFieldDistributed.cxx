#include "ScoreFieldDistributed.h"

#include "vtkMultiProcessController.h"

#include <algorithm>

namespace scorefield_plugin
{
namespace
{
const int PieceTag = 31401;
const int FineTag = 31402;

long long Count(const int e[6])
{
  return static_cast<long long>(e[1] - e[0] + 1) * (e[3] - e[2] + 1) * (e[5] - e[4] + 1);
}
}

std::string AgreeOnError(vtkMultiProcessController* controller, const std::string& mine)
{
  const int ranks = controller->GetNumberOfProcesses();
  const int rank = controller->GetLocalProcessId();
  int failing = mine.empty() ? ranks : rank, first = ranks;
  controller->AllReduce(&failing, &first, 1, vtkCommunicator::MIN_OP);
  if (first == ranks)
  {
    return std::string();
  }
  std::vector<char> text(mine.begin(), mine.end());
  int length = static_cast<int>(text.size());
  controller->Broadcast(&length, 1, first);
  text.resize(static_cast<size_t>(length));
  controller->Broadcast(text.data(), length, first);
  return "rank " + std::to_string(first) + ": " + std::string(text.begin(), text.end());
}

std::vector<float> GatherPlane(vtkMultiProcessController* controller, const int axes[2],
  const int whole[6], const int local[6], const std::vector<float>& values)
{
  const int ranks = controller->GetNumberOfProcesses();
  std::vector<int> extents(6 * static_cast<size_t>(ranks));
  controller->Gather(local, extents.data(), 6, 0);
  if (controller->GetLocalProcessId() != 0)
  {
    controller->Send(values.data(), static_cast<vtkIdType>(values.size()), 0, PieceTag);
    return {};
  }
  const int a = axes[0], b = axes[1];
  const int columns = whole[2 * a + 1] - whole[2 * a] + 1,
            rows = whole[2 * b + 1] - whole[2 * b] + 1;
  std::vector<float> plane(static_cast<size_t>(columns) * rows, 0.0f), piece;
  for (int r = 0; r < ranks; ++r)
  {
    const int* e = &extents[6 * static_cast<size_t>(r)];
    if (r == 0)
    {
      piece = values;
    }
    else
    {
      piece.resize(static_cast<size_t>(Count(e)));
      controller->Receive(piece.data(), static_cast<vtkIdType>(piece.size()), r, PieceTag);
    }
    // The piece is a 2-D block of the plane (one sample thick on the third axis), x fastest.
    const int width = e[2 * a + 1] - e[2 * a] + 1;
    for (int j = e[2 * b]; j <= e[2 * b + 1]; ++j)
    {
      for (int i = e[2 * a]; i <= e[2 * a + 1]; ++i)
      {
        plane[static_cast<size_t>(j - whole[2 * b]) * columns + (i - whole[2 * a])] =
          piece[static_cast<size_t>(j - e[2 * b]) * width + (i - e[2 * a])];
      }
    }
  }
  return plane;
}

std::vector<std::vector<float>> ScatterFine(vtkMultiProcessController* controller,
  const int axes[2], const int fineStart[2], int n, const std::vector<std::vector<float>>& arrays,
  int arrayCount, const int wanted[6])
{
  const int ranks = controller->GetNumberOfProcesses();
  const int rank = controller->GetLocalProcessId();
  std::vector<int> extents(6 * static_cast<size_t>(ranks));
  controller->Gather(wanted, extents.data(), 6, 0);
  const int a = axes[0], b = axes[1];
  const auto block = [&](const int* e)
  {
    // All arrays' values of extent e, array after array, x fastest.
    std::vector<float> out;
    out.reserve(static_cast<size_t>(Count(e)) * arrayCount);
    for (const auto& field : arrays)
    {
      for (int j = e[2 * b]; j <= e[2 * b + 1]; ++j)
      {
        for (int i = e[2 * a]; i <= e[2 * a + 1]; ++i)
        {
          out.push_back(field[static_cast<size_t>(j - fineStart[1]) * n + (i - fineStart[0])]);
        }
      }
    }
    return out;
  };
  std::vector<float> mine;
  if (rank == 0)
  {
    for (int r = 1; r < ranks; ++r)
    {
      const auto part = block(&extents[6 * static_cast<size_t>(r)]);
      controller->Send(part.data(), static_cast<vtkIdType>(part.size()), r, FineTag);
    }
    mine = block(wanted);
  }
  else
  {
    mine.resize(static_cast<size_t>(Count(wanted)) * arrayCount);
    controller->Receive(mine.data(), static_cast<vtkIdType>(mine.size()), 0, FineTag);
  }
  const size_t points = static_cast<size_t>(Count(wanted));
  std::vector<std::vector<float>> result(static_cast<size_t>(arrayCount));
  for (int k = 0; k < arrayCount; ++k)
  {
    result[k].assign(mine.begin() + k * points, mine.begin() + (k + 1) * points);
  }
  return result;
}

}
