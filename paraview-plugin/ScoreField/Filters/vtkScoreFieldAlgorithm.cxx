#include "vtkScoreFieldAlgorithm.h"

#include "ScoreFieldEngine.h"
#include "ScoreFieldModelSearch.h"
#include "ScoreFieldRunning.h"

#include "vtkDataSetAttributes.h"
#include "vtkDemandDrivenPipeline.h"
#include "vtkDoubleArray.h"
#include "vtkFieldData.h"
#include "vtkFloatArray.h"
#include "vtkNew.h"
#include "vtkStringArray.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>

struct vtkScoreFieldAlgorithm::ModelHold
{
  std::shared_ptr<scorefield_plugin::ModelHandle> Handle;
};

vtkScoreFieldAlgorithm::vtkScoreFieldAlgorithm()
  : Hold(new ModelHold)
{
}

vtkScoreFieldAlgorithm::~vtkScoreFieldAlgorithm()
{
  delete this->Hold;
}

int vtkScoreFieldAlgorithm::GetCudaAvailable()
{
  std::string error;
  const auto* api = scorefield_plugin::Engine(error);
  return api ? api->CudaAvailable() : 0;
}

int vtkScoreFieldAlgorithm::GetModelLoadCount()
{
  return scorefield_plugin::ModelLoadCount();
}

const char* vtkScoreFieldAlgorithm::SamplerName() const
{
  switch (this->Sampler)
  {
    case LANGEVIN:
      return "langevin";
    case REVERSE_SDE:
      return "sde";
    case MULTISTEP_ODE:
      return "ode2m";
    default:
      return "ode";
  }
}

const char* vtkScoreFieldAlgorithm::PrecisionName() const
{
  switch (this->Precision)
  {
    case TF32:
      return "tf32";
    case BF16:
      return "bf16";
    default:
      return "fp32";
  }
}

const char* vtkScoreFieldAlgorithm::DeviceName() const
{
  return this->Device == CUDA ? "cuda" : "cpu";
}

const char* vtkScoreFieldAlgorithm::EngineError() const
{
  std::string ignored;
  const auto* api = scorefield_plugin::Engine(ignored);
  return api ? api->LastError() : "";
}

bool vtkScoreFieldAlgorithm::OpenModel(Run& run, int task)
{
  std::string error;
  if (this->Device == CUDA && scorefield_plugin::Engine(error) && !this->GetCudaAvailable())
  {
    this->ReportError("Device is CUDA, but this ScoreField engine has no usable CUDA GPU (it was "
                      "built against a CPU-only LibTorch, or no GPU is visible). Choose CPU, or "
                      "build the engine with -DSCOREFIELD_TORCH_CUDA_DIR=...");
    return false;
  }
  const std::string path = scorefield_plugin::ResolveModel(this->ModelFile, task, error);
  if (path.empty())
  {
    this->ReportError(error);
    return false;
  }
  auto opened = scorefield_plugin::OpenModel(path, this->DeviceName(), error);
  if (!opened.Handle)
  {
    this->ReportError(error);
    return false;
  }
  const auto* api = opened.Handle->Api;
  // The task follows from the conditioning channels: 0, 1 (coarse field), 2 or 4 (observations:
  // values and mask, and since the interpolant channels also their interpolant and density).
  const int channels = api->ModelConditionChannels(opened.Handle->Model);
  const int have = channels == 0 || channels == 1 ? channels
    : channels == 2 || channels == 4              ? 2
                                                  : -1;
  if (have != task)
  {
    static const char* const tasks[] = { "unconditional", "superres", "observations" };
    this->ReportError("the model '" + path + "' was trained with task \"" +
      (have >= 0 ? tasks[have] : "unknown") + "\", but " + this->GetClassName() + " needs task \"" +
      tasks[task] + "\"; choose a model made for it (data/README.md lists the shipped ones), or " +
      "leave Model File empty for the shipped one");
    return false;
  }
  this->Hold->Handle = opened.Handle;
  run.Model = opened.Handle->Model;
  run.Reused = opened.Reused;
  run.LoadSeconds = opened.LoadSeconds;
  run.Path = path;
  return true;
}

namespace
{
// Progress from the engine after every sampler step; returning 0 makes the engine stop.
int ReportProgress(long long done, long long total, void* user)
{
  auto* self = static_cast<vtkScoreFieldAlgorithm*>(user);
  self->UpdateProgress(total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 1.0);
  return self->GetAbortExecute() ? 0 : 1;
}
}

void vtkScoreFieldAlgorithm::FillOptions(sf_sample_options* options)
{
  std::string ignored;
  scorefield_plugin::Engine(ignored)->SampleOptionsDefault(options);
  options->sampler = this->SamplerName();
  options->precision = this->PrecisionName();
  options->steps = this->Steps;
  options->epsilon = this->StepSize;
  options->start_sigma = this->StartSigma;
  options->seed = static_cast<unsigned long long>(this->Seed);
  options->progress = &ReportProgress;
  options->progress_user = this;
}

void vtkScoreFieldAlgorithm::ReportEngineFailure(int status, const char* what)
{
  if (status == SF_ERR_CANCELLED)
  {
    this->ReportWarning(std::string(what) + " aborted by the user; the output is empty");
  }
  else
  {
    this->ReportError(std::string(what) + " failed: " + this->EngineError());
  }
}

bool vtkScoreFieldAlgorithm::AlreadyReported(const std::string& message)
{
  // The last change of a property of this filter or of any filter upstream. Not the input data's
  // times: ParaView re-produces the input for each of a render's requests.
  vtkMTimeType state = this->GetMTime();
  if (auto* executive = vtkDemandDrivenPipeline::SafeDownCast(this->GetExecutive()))
  {
    state = std::max(state, executive->GetPipelineMTime());
  }
  if (message == this->LastReport && state == this->LastReportState)
  {
    return true;
  }
  this->LastReport = message;
  this->LastReportState = state;
  return false;
}

void vtkScoreFieldAlgorithm::ReportError(const std::string& message)
{
  if (!this->AlreadyReported(message))
  {
    vtkErrorMacro(<< message);
  }
}

void vtkScoreFieldAlgorithm::ReportWarning(const std::string& message)
{
  if (!this->AlreadyReported(message))
  {
    vtkWarningMacro(<< message);
  }
}

int vtkScoreFieldAlgorithm::Refuse(const std::string& message)
{
  this->ReportError(message);
  return 1;
}

int vtkScoreFieldAlgorithm::DrawEnsemble(
  int n, const DrawFn& draw, const char* what, Ensemble& ensemble, double& seconds)
{
  sf_sample_options options;
  this->FillOptions(&options);
  ensemble.Count = this->NumberOfSamples;
  ensemble.PointsPerSample = static_cast<vtkIdType>(n) * n;
  ensemble.Values.resize(static_cast<size_t>(ensemble.Count) * ensemble.PointsPerSample);
  const auto start = std::chrono::steady_clock::now();
  int status = SF_OK;
  {
    const scorefield_plugin::RunningDraw running(this); // reachable by the GUI's abort button
    status = draw(&options, ensemble.Values.data());
  }
  // An abort ends with the draw it stopped: the next update runs (VTK leaves the flag set).
  this->AbortExecute = 0;
  seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (status != SF_OK)
  {
    this->ReportEngineFailure(status, what);
  }
  return status;
}

std::vector<std::string> vtkScoreFieldAlgorithm::EnsembleNames(int samples)
{
  std::vector<std::string> names;
  for (int s = 0; s < samples; ++s)
  {
    names.push_back(SF_SAMPLE_ARRAY_PREFIX + std::to_string(s));
  }
  names.emplace_back(SF_MEAN_ARRAY);
  names.emplace_back(SF_STD_ARRAY);
  return names;
}

vtkScoreFieldAlgorithm::Fields vtkScoreFieldAlgorithm::EnsembleFields(const Ensemble& ensemble)
{
  const size_t n = static_cast<size_t>(ensemble.PointsPerSample);
  const int k = ensemble.Count;
  Fields fields;
  fields.Names = EnsembleNames(k);
  for (int s = 0; s < k; ++s)
  {
    fields.Values.emplace_back(
      ensemble.Values.begin() + s * n, ensemble.Values.begin() + (s + 1) * n);
  }
  // Mean and the unbiased standard deviation (zero for one sample), as `scorefield superres`.
  std::vector<float> mean(n), spread(n);
  for (size_t i = 0; i < n; ++i)
  {
    double sum = 0.0;
    for (int s = 0; s < k; ++s)
    {
      sum += ensemble.Values[s * n + i];
    }
    const double m = sum / k;
    double squares = 0.0;
    for (int s = 0; s < k; ++s)
    {
      const double d = ensemble.Values[s * n + i] - m;
      squares += d * d;
    }
    mean[i] = static_cast<float>(m);
    spread[i] = k > 1 ? static_cast<float>(std::sqrt(squares / (k - 1))) : 0.0f;
  }
  fields.Values.push_back(std::move(mean));
  fields.Values.push_back(std::move(spread));
  return fields;
}

void vtkScoreFieldAlgorithm::AddFields(const Fields& fields, vtkDataSetAttributes* attributes)
{
  for (size_t f = 0; f < fields.Names.size(); ++f)
  {
    vtkNew<vtkFloatArray> array;
    array->SetName(fields.Names[f].c_str());
    array->SetNumberOfTuples(static_cast<vtkIdType>(fields.Values[f].size()));
    std::copy(fields.Values[f].begin(), fields.Values[f].end(), array->GetPointer(0));
    attributes->AddArray(array);
  }
  attributes->SetActiveScalars(SF_MEAN_ARRAY);
}

void vtkScoreFieldAlgorithm::AddEnsembleArrays(
  const Ensemble& ensemble, vtkDataSetAttributes* attributes)
{
  AddFields(EnsembleFields(ensemble), attributes);
}

namespace
{
void AddString(vtkFieldData* fd, const char* name, const std::string& value)
{
  vtkNew<vtkStringArray> a;
  a->SetName(name);
  a->InsertNextValue(value);
  fd->AddArray(a);
}

void AddNumber(vtkFieldData* fd, const char* name, double value)
{
  vtkNew<vtkDoubleArray> a;
  a->SetName(name);
  a->InsertNextValue(value);
  fd->AddArray(a);
}
}

namespace
{
// The model's card (model_card.hpp), or "" when the engine cannot give it.
std::string ModelCard(const sf_model* model)
{
  std::string ignored;
  const auto* api = scorefield_plugin::Engine(ignored);
  size_t needed = 0;
  if (!api || !model || api->ModelCard(model, nullptr, 0, &needed) != SF_OK || needed == 0)
  {
    return std::string();
  }
  std::string card(needed, '\0');
  if (api->ModelCard(model, &card[0], needed, &needed) != SF_OK)
  {
    return std::string();
  }
  card.resize(needed - 1); // without the terminating zero
  return card;
}
}

void vtkScoreFieldAlgorithm::AddProvenance(
  vtkFieldData* fd, const Run& run, double samplingSeconds) const
{
  AddString(fd, "model", run.Path);
  AddString(fd, "model_card", ModelCard(run.Model)); // what the model takes, in the Information tab
  AddString(fd, "sampler", this->SamplerName());
  AddString(fd, "device", this->DeviceName());
  AddString(fd, "precision", this->PrecisionName());
  AddString(fd, "model_cache", run.Reused ? "reused" : "loaded");
  std::string ignored;
  AddString(fd, "engine", scorefield_plugin::Engine(ignored)->Path);
  AddNumber(fd, "seed", this->Seed);
  AddNumber(fd, "steps", this->Steps);
  AddNumber(fd, "start_sigma", this->StartSigma);
  AddNumber(fd, "samples", this->NumberOfSamples);
  AddNumber(fd, "model_load_seconds", run.LoadSeconds);
  AddNumber(fd, "sampling_seconds", samplingSeconds);
  AddNumber(fd, "model_loads_in_process", scorefield_plugin::ModelLoadCount());
}

void vtkScoreFieldAlgorithm::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
  os << indent << "ModelFile: " << this->ModelFile << "\n";
  os << indent << "NumberOfSamples: " << this->NumberOfSamples << "\n";
  os << indent << "Sampler: " << this->SamplerName() << "\n";
  os << indent << "Steps: " << this->Steps << "\n";
  os << indent << "StartSigma: " << this->StartSigma << "\n";
  os << indent << "StepSize: " << this->StepSize << "\n";
  os << indent << "Seed: " << this->Seed << "\n";
  os << indent << "Device: " << this->DeviceName() << "\n";
  os << indent << "Precision: " << this->PrecisionName() << "\n";
}
