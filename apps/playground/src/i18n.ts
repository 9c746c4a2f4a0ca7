// What each view teaches, in English and Korean; the language is part of the URL state.
import type { ViewName } from './config.js';
import type { Lang } from './state.js';

export interface ViewText {
  title: string;
  body: string;
}

export const VIEW_TEXT: Record<Lang, Record<ViewName, ViewText>> = {
  en: {
    race: {
      title: 'Optimizer race',
      body: 'Every optimizer starts from the same point and follows the exact gradient of a 2-D function. Plain SGD crawls along narrow valleys; momentum and Nesterov build up speed but overshoot; Adagrad, RMSprop and Adam rescale each coordinate by its gradient history, so the ill-conditioned directions move at similar speed. Click the plot to choose a new start; raise the learning rate until SGD diverges.',
    },
    classifier: {
      title: 'Classifier',
      body: 'A small network learns a decision boundary; the colours show its predicted class probability over the plane. Batch size 1 is stochastic gradient descent, the full set is batch gradient descent. With few points, noise and a wide network the training loss keeps falling while the validation loss turns up: that is over-fitting. L2, dropout, noise, label smoothing, Mixup or early stopping (which restores the best epoch) close the gap.',
    },
    sharpness: {
      title: 'Batch size and sharpness',
      body: 'Two runs start from the same initial weights, one with small batches and one with the whole set per step. Small batches add gradient noise that tends to settle in flatter minima; ε-sharpness measures how much the loss can rise within a small box around the solution. The curve shows the loss along the straight line between the two solutions.',
    },
    'bias-variance': {
      title: 'Bias–variance and the bootstrap',
      body: 'K polynomials are fitted to bootstrap resamples of one noisy sine sample. Their spread is the variance, the distance of their mean from the true function is the bias; the noise σ² cannot be removed. Low degrees are biased, high degrees vary: the expected error draws a U over capacity. On the right, a bagged ensemble of small networks shows where its members disagree — along the boundary and away from the data.',
    },
    ensembles: {
      title: 'Bagging and boosting',
      body: 'Bagging trains members on bootstrap resamples and lets them vote: averaging lowers variance. AdaBoost adds decision stumps one round at a time; after each round the points it got wrong weigh more (drawn larger), so the next stump focuses on them, and the weighted vote grows a complex boundary from simple pieces.',
    },
    cv: {
      title: 'Cross-validation',
      body: 'The test split is sealed first. The remaining rows are cut into k folds; each candidate L2 strength is trained k times, each time scored on the fold it did not see. The setting with the best mean is chosen, refitted on all training rows, and only then is the sealed test score revealed — once.',
    },
  },
  ko: {
    race: {
      title: '최적화 알고리즘 경주',
      body: '모든 최적화 알고리즘이 같은 점에서 출발해 2차원 함수의 정확한 기울기를 따라갑니다. 순수 SGD는 좁은 골짜기를 천천히 기어가고, 모멘텀과 네스테로프는 속도를 얻지만 지나쳐 버립니다. Adagrad, RMSprop, Adam은 좌표마다 기울기 이력으로 보폭을 조절해 조건수가 나쁜 방향도 비슷한 속도로 움직입니다. 그림을 클릭해 출발점을 바꾸고, 학습률을 올려 SGD가 발산하는 것을 확인해 보세요.',
    },
    classifier: {
      title: '분류기',
      body: '작은 신경망이 결정 경계를 학습하고, 색은 평면 위의 예측 클래스 확률을 보여 줍니다. 배치 크기 1은 확률적 경사 하강법, 전체 집합은 배치 경사 하강법입니다. 점이 적고 잡음이 많으며 망이 넓으면 훈련 손실은 계속 떨어지는데 검증 손실은 다시 오릅니다. 이것이 과적합입니다. L2, 드롭아웃, 잡음, 레이블 스무딩, Mixup, 조기 종료(가장 좋은 에포크로 복원)가 그 차이를 줄입니다.',
    },
    sharpness: {
      title: '배치 크기와 날카로움',
      body: '두 실행이 같은 초기 가중치에서 출발합니다. 하나는 작은 배치로, 다른 하나는 매 단계 전체 집합으로 학습합니다. 작은 배치의 기울기 잡음은 더 평평한 최솟값에 머무르게 하는 경향이 있습니다. ε-날카로움은 해 주변의 작은 상자 안에서 손실이 얼마나 오를 수 있는지 잽니다. 곡선은 두 해를 잇는 직선 위의 손실입니다.',
    },
    'bias-variance': {
      title: '편향–분산과 부트스트랩',
      body: '잡음 섞인 사인 표본 하나를 부트스트랩으로 K번 다시 뽑아 다항식을 맞춥니다. 적합들의 퍼짐이 분산, 평균과 참 함수의 거리가 편향이며, 잡음 σ²는 줄일 수 없습니다. 낮은 차수는 편향되고 높은 차수는 흔들립니다. 기대 오차는 용량에 대해 U자를 그립니다. 오른쪽에서는 작은 신경망들의 배깅 앙상블이 경계 근처와 데이터에서 먼 곳에서 서로 다르게 예측하는 것을 보여 줍니다.',
    },
    ensembles: {
      title: '배깅과 부스팅',
      body: '배깅은 부트스트랩 표본마다 구성원을 학습시키고 투표하게 합니다. 평균을 내면 분산이 줄어듭니다. AdaBoost는 결정 그루터기를 한 라운드씩 더합니다. 각 라운드 뒤에 틀린 점의 가중치가 커지고(더 크게 그려짐), 다음 그루터기는 그 점들에 집중하여, 가중 투표가 단순한 조각들로 복잡한 경계를 만듭니다.',
    },
    cv: {
      title: '교차 검증',
      body: '먼저 테스트 분할을 봉인합니다. 나머지 행을 k개의 폴드로 나누고, 각 L2 강도 후보를 k번 학습시켜 매번 보지 못한 폴드로 점수를 냅니다. 평균이 가장 좋은 설정을 골라 전체 훈련 행으로 다시 학습한 뒤, 그때서야 봉인된 테스트 점수를 단 한 번 공개합니다.',
    },
  },
};

/** UI words. */
export const WORDS: Record<Lang, Record<string, string>> = {
  en: {
    play: 'Play',
    pause: 'Pause',
    reset: 'Reset',
    run: 'Run',
    copy: 'Copy CLI command',
    copied: 'Copied',
    exact: 'reproduces these numbers exactly',
    closest: 'the closest CLI run (numbers differ)',
    epoch: 'epoch',
    step: 'step',
    loss: 'loss',
    train: 'train',
    val: 'validation',
    test: 'test',
    drop: 'Drop a CSV here (two feature columns, label last), or choose a file',
    language: '한국어 (KO)',
    stepsPerSec: 'steps/s',
    fps: 'fps',
    earlyStop: 'early stop',
    best: 'best',
  },
  ko: {
    play: '시작',
    pause: '일시정지',
    reset: '초기화',
    run: '실행',
    copy: 'CLI 명령 복사',
    copied: '복사됨',
    exact: '이 숫자를 그대로 재현합니다',
    closest: '가장 가까운 CLI 실행(숫자는 다름)',
    epoch: '에포크',
    step: '단계',
    loss: '손실',
    train: '훈련',
    val: '검증',
    test: '테스트',
    drop: 'CSV 파일을 여기에 놓거나 선택하세요 (특성 2열, 마지막 열은 레이블)',
    language: 'English (EN)',
    stepsPerSec: '단계/초',
    fps: 'fps',
    earlyStop: '조기 종료',
    best: '최적',
  },
};

/** Control labels (the same in both languages where the term is standard). */
export const LABELS: Record<Lang, Record<string, string>> = {
  en: {
    fn: 'Function', racers: 'Optimizers', lr: 'Learning rate', momentum: 'Momentum', beta1: 'β1', beta2: 'β2', eps: 'ε', rho: 'ρ (Adadelta)', alpha: 'α (RMSprop)', steps: 'Steps', x0: 'Start x', y0: 'Start y',
    dataset: 'Dataset', samples: 'Points', noise: 'Noise', hidden: 'Hidden layers (e.g. 8-8)', activation: 'Activation', optimizer: 'Optimizer', batchSize: 'Batch size (0 = full)', epochs: 'Epochs',
    dropout: 'Dropout', batchNorm: 'Batch norm', l1: 'L1', l2: 'L2', inputNoise: 'Input noise σ', weightNoise: 'Weight noise σ', labelSmoothing: 'Label smoothing', mixup: 'Mixup α', earlyStopping: 'Early stopping patience (0 = off)',
    valSplit: 'Validation split', testSplit: 'Test split', seed: 'Seed', smallBatch: 'Small batch', largeBatch: 'Large batch (0 = full)', epsilon: 'ε (sharpness box)',
    degree: 'Polynomial degree (capacity)', fits: 'Bootstrap fits K', maxDegree: 'Max degree (U-curve)', members: 'Bagging members', rounds: 'Boosting rounds', folds: 'Folds k', candidates: 'L2 candidates',
  },
  ko: {
    fn: '함수', racers: '최적화 알고리즘', lr: '학습률', momentum: '모멘텀', beta1: 'β1', beta2: 'β2', eps: 'ε', rho: 'ρ (Adadelta)', alpha: 'α (RMSprop)', steps: '단계 수', x0: '출발 x', y0: '출발 y',
    dataset: '데이터셋', samples: '점 개수', noise: '잡음', hidden: '은닉층 (예: 8-8)', activation: '활성화 함수', optimizer: '최적화 알고리즘', batchSize: '배치 크기 (0 = 전체)', epochs: '에포크',
    dropout: '드롭아웃', batchNorm: '배치 정규화', l1: 'L1', l2: 'L2', inputNoise: '입력 잡음 σ', weightNoise: '가중치 잡음 σ', labelSmoothing: '레이블 스무딩', mixup: 'Mixup α', earlyStopping: '조기 종료 인내 (0 = 끔)',
    valSplit: '검증 비율', testSplit: '테스트 비율', seed: '시드', smallBatch: '작은 배치', largeBatch: '큰 배치 (0 = 전체)', epsilon: 'ε (날카로움 상자)',
    degree: '다항식 차수 (용량)', fits: '부트스트랩 적합 K', maxDegree: '최대 차수 (U 곡선)', members: '배깅 구성원', rounds: '부스팅 라운드', folds: '폴드 k', candidates: 'L2 후보',
  },
};
