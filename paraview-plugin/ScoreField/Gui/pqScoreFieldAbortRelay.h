// The ParaView GUI's abort button for the ScoreField filters. ParaView 5.11 enables the button
// for no algorithm, blocks clicks on it while progress is shown, processes no events while a
// filter runs in the built-in session, and its abort() signal reaches no algorithm. While a
// ScoreField filter draws samples, this relay enables the button, lets clicks on it through,
// processes events between the sampler's steps (at most every 100 ms), and turns abort() into
// AbortExecute on the drawing filters, which stop at their next step.
#ifndef pqScoreFieldAbortRelay_h
#define pqScoreFieldAbortRelay_h

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

class QAbstractButton;

class pqScoreFieldAbortRelay : public QObject
{
  Q_OBJECT

public:
  pqScoreFieldAbortRelay(QObject* parent = nullptr);
  ~pqScoreFieldAbortRelay() override = default;

  // Called by ParaView when the plugin is loaded and unloaded (the auto-start interface).
  void startup();
  void shutdown();

private Q_SLOTS:
  void onProgress(const QString& message, int value);
  void onAbort();

private:
  QAbstractButton* abortButton();
  // Test hook: SCOREFIELD_GUI_TEST_ABORT_AT=P clicks the real abort button once progress reaches
  // P percent, and writes the progress of that moment to SCOREFIELD_GUI_TEST_ABORT_LOG.
  void clickForTest(int value);

  QPointer<QAbstractButton> Button;
  QElapsedTimer SinceEvents;
  bool Clicked = false;
};

#endif
