// The ScoreField algorithms that are drawing samples right now, so that ParaView's abort button
// can reach them: in ParaView 5.11 the button's signal reaches no algorithm by itself, and the GUI
// processes no clicks while a filter runs in the built-in session (Gui/pqScoreFieldAbortRelay
// does both for these algorithms).
#ifndef ScoreFieldRunning_h
#define ScoreFieldRunning_h

class vtkScoreFieldAlgorithm;

namespace scorefield_plugin
{

// Registers `algorithm` as drawing for its lifetime.
class RunningDraw
{
public:
  explicit RunningDraw(vtkScoreFieldAlgorithm* algorithm);
  ~RunningDraw();
  RunningDraw(const RunningDraw&) = delete;
  RunningDraw& operator=(const RunningDraw&) = delete;

private:
  vtkScoreFieldAlgorithm* Algorithm;
};

// Whether any ScoreField algorithm is drawing now.
bool AnyRunning();

// Asks every drawing algorithm to stop: each returns at its next sampler step.
void AbortRunning();

}

#endif
