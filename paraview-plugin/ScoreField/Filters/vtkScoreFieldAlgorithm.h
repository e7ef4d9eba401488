/**
 * @class   vtkScoreFieldAlgorithm
 * @brief   What every ScoreField filter and source shares: the model, the sampler settings, and
 *          the ensemble output (sample_0..K-1, mean, std, with provenance in field data).
 *
 * The engine is reached through its C API library, loaded with RTLD_DEEPBIND on first use; the
 * opened model is cached per process, so changing only the seed, the sampler or the number of
 * samples does not reload it.
 */
#ifndef vtkScoreFieldAlgorithm_h
#define vtkScoreFieldAlgorithm_h

#include "ScoreFieldFiltersModule.h"
#include "vtkImageAlgorithm.h"

#include <functional>
#include <string>
#include <vector>

class vtkDataSetAttributes;
class vtkFieldData;
struct sf_model;
struct sf_sample_options;

class SCOREFIELDFILTERS_EXPORT vtkScoreFieldAlgorithm : public vtkImageAlgorithm
{
public:
  vtkTypeMacro(vtkScoreFieldAlgorithm, vtkImageAlgorithm);
  void PrintSelf(ostream& os, vtkIndent indent) override;

  enum SamplerKind
  {
    LANGEVIN = 0,
    REVERSE_SDE = 1,
    PROBABILITY_FLOW_ODE = 2,
    MULTISTEP_ODE = 3 // DPM-Solver++(2M): one network evaluation per step
  };
  enum DeviceKind
  {
    CPU = 0,
    CUDA = 1
  };
  enum PrecisionKind
  {
    FP32 = 0,
    TF32 = 1,
    BF16 = 2
  };

  ///@{
  /// The .sfm model file: a path, or a file name looked up in the model folders (empty: the
  /// shipped model for the filter's task; see ScoreFieldModelSearch.h).
  vtkSetStdStringFromCharMacro(ModelFile);
  vtkGetCharFromStdStringMacro(ModelFile);
  ///@}

  ///@{
  /// Number of samples drawn (ensemble size K).
  vtkSetClampMacro(NumberOfSamples, int, 1, 1024);
  vtkGetMacro(NumberOfSamples, int);
  ///@}

  ///@{
  /// Sampler: LANGEVIN (annealed preconditioned Langevin), REVERSE_SDE, PROBABILITY_FLOW_ODE (Heun)
  /// or MULTISTEP_ODE.
  vtkSetClampMacro(Sampler, int, LANGEVIN, MULTISTEP_ODE);
  vtkGetMacro(Sampler, int);
  ///@}

  ///@{
  /// Network arithmetic while sampling: FP32, TF32 (NVIDIA GPUs only) or BF16 (the network's
  /// trunk in bfloat16; input, output and the sampler's state stay float32).
  vtkSetClampMacro(Precision, int, FP32, BF16);
  vtkGetMacro(Precision, int);
  ///@}

  ///@{
  /// Sampler steps: per noise level for Langevin, in total for the SDE and the ODE.
  vtkSetClampMacro(Steps, int, 1, 100000);
  vtkGetMacro(Steps, int);
  ///@}

  ///@{
  /// Langevin step size (epsilon); unused by the other samplers.
  vtkSetClampMacro(StepSize, double, 1e-6, 10.0);
  vtkGetMacro(StepSize, double);
  ///@}

  ///@{
  /// Super-resolution: start the reverse process at this noise level from the noised coarse field
  /// (0: from pure noise at the model's top level). Offered by the super-resolution filter only.
  vtkSetClampMacro(StartSigma, double, 0.0, 1e6);
  vtkGetMacro(StartSigma, double);
  ///@}

  ///@{
  /// Seed of the random draws: equal seeds give equal samples.
  vtkSetClampMacro(Seed, int, 0, VTK_INT_MAX);
  vtkGetMacro(Seed, int);
  ///@}

  ///@{
  /// CPU or CUDA. CUDA needs an engine built against a CUDA-enabled LibTorch and a visible GPU.
  vtkSetClampMacro(Device, int, CPU, CUDA);
  vtkGetMacro(Device, int);
  ///@}

  /// Stops the draw in progress at the sampler's next step. Unlike SetAbortExecute it does not
  /// mark the filter modified (which would make the pipeline run it again at the next render),
  /// and the request ends with the draw it stopped.
  void RequestAbort() { this->AbortExecute = 1; }

  /// 1 when the loaded engine can run on a CUDA GPU now, else 0 (also when no engine loads).
  int GetCudaAvailable();

  /// How many times a model file was read in this process (the cache makes this stay put when
  /// only the seed changes).
  static int GetModelLoadCount();

protected:
  vtkScoreFieldAlgorithm();
  ~vtkScoreFieldAlgorithm() override;

  struct Ensemble
  {
    std::vector<float> Values; // [K][rows][columns], row-major
    int Count = 0;
    vtkIdType PointsPerSample = 0;
  };

  struct Run
  {
    sf_model* Model = nullptr;
    bool Reused = false;
    double LoadSeconds = 0.0;
    std::string Path; // the model file opened (Model File as found in the model folders)
  };
  // Opens (or reuses) the model and checks that it was trained for `task` (0 unconditional,
  // 1 super-resolution, 2 observations). Reports errors and returns false.
  bool OpenModel(Run& run, int task);
  // Fills `options` from the properties, with progress and abort wired to this filter.
  void FillOptions(sf_sample_options* options);
  // Reports a failed engine call: cancellation as a warning, anything else as an error.
  void ReportEngineFailure(int status, const char* what);
  // Reports why this update has no output, once per pipeline state (the properties and the input
  // as they are now): a render asks the filter for data several times, an empty output satisfies
  // none of the requests, and the same message would otherwise print on each.
  void ReportError(const std::string& message);
  void ReportWarning(const std::string& message);
  // ReportError, then the value RequestData returns: 1, with the output left empty. Returning 0
  // instead makes VTK's executive print a dump of the request after the message, and leaves
  // ParaView's render views showing the last good result even after later good updates.
  int Refuse(const std::string& message);
  // Draws NumberOfSamples fields on an n x n grid through `draw` (one engine call, given the
  // sampler options and the output buffer), timing it in `seconds`. Reports a failure and
  // returns the engine's status.
  using DrawFn = std::function<int(const sf_sample_options*, float*)>;
  int DrawEnsemble(
    int n, const DrawFn& draw, const char* what, Ensemble& ensemble, double& seconds);

  // The output fields of an ensemble: sample_0..K-1, mean, std.
  struct Fields
  {
    std::vector<std::string> Names;
    std::vector<std::vector<float>> Values;
  };
  static Fields EnsembleFields(const Ensemble& ensemble);
  // The names of K samples' fields, in EnsembleFields' order (spelled once, in scorefield.h).
  static std::vector<std::string> EnsembleNames(int samples);
  // Adds the fields as float arrays to `attributes`, with the mean as active scalars.
  static void AddFields(const Fields& fields, vtkDataSetAttributes* attributes);
  // Both at once.
  static void AddEnsembleArrays(const Ensemble& ensemble, vtkDataSetAttributes* attributes);
  // Records model, seed, sampler, steps, samples and timings in `fieldData`.
  void AddProvenance(vtkFieldData* fieldData, const Run& run, double samplingSeconds) const;

  const char* SamplerName() const;
  const char* PrecisionName() const;
  const char* DeviceName() const;
  // The engine's last error message.
  const char* EngineError() const;

  std::string ModelFile;
  int NumberOfSamples = 4;
  int Sampler = PROBABILITY_FLOW_ODE;
  int Precision = FP32;
  int Steps = 32;
  double StepSize = 0.05;
  double StartSigma = 0.0;
  int Seed = 0;
  int Device = CPU;

private:
  vtkScoreFieldAlgorithm(const vtkScoreFieldAlgorithm&) = delete;
  void operator=(const vtkScoreFieldAlgorithm&) = delete;

  // Keeps the model used last alive for the next execution.
  struct ModelHold;
  ModelHold* Hold;

  // The pipeline state a message was last reported in, and the message (see ReportError).
  bool AlreadyReported(const std::string& message);
  std::string LastReport;
  vtkMTimeType LastReportState = 0;
};

#endif
